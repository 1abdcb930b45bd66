// The Slack bot through the whole loop: Events API deliveries signed as Slack signs them reach
// the route, the slack-message job opens or continues the thread's session as the person who
// asked, the real OpenCode in a real sandbox works against the scripted fake model, and the
// answer comes back in the thread — all against the fake Slack Web API.
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { CREATE_PULL_REQUEST_PROMPT } from "@/server/integrations/slack/reply";
import { createLocalRepository, createUser, git } from "../../factories";
import { commitFileScript, until, withSessionLoop } from "../../support/session-loop";
import { deliverSlack, pressInSlack, withFakeSlack, writeToBot } from "../../support/slack";

const people = {
  grace: { id: "U0GRACEHOP", name: "Grace Hopper", email: "grace@example.com" },
  katherine: { id: "U0KJOHNSON", name: "Katherine Johnson", email: "katherine@example.com" },
  dorothy: { id: "U0DVAUGHAN", name: "Dorothy Vaughan", email: "dorothy@elsewhere.example" },
};
const fake = withFakeSlack(Object.values(people));
const loop = withSessionLoop();
const CHANNEL = "C0ENGINEER";

/** The bot's replies in a thread once there are `count` of them. */
const repliesIn = (channel: string, threadTs: string, count: number) =>
  until(`${count} replies in the thread`, () => {
    const replies = fake.slack.botReplies(channel, threadTs);
    return replies.length >= count ? replies : undefined;
  });

const blockText = (message: { blocks?: unknown }) => JSON.stringify(message.blocks ?? []);

/** What the bot first posted as a message's status ("Working on…"), before any update of it. */
const statusAsPosted = (channel: string, threadTs: string, nth = 0) =>
  fake.slack.calls.filter(
    (call) => call.method === "chat.postMessage" && call.args.channel === channel && call.args.thread_ts === threadTs,
  )[nth * 2]!.args;

describe("the Slack bot, end to end", () => {
  it(
    "a mention in a channel starts a session as its author, says it is working, and answers in the thread with the branch",
    { timeout: 180_000 },
    async () => {
      const grace = await createUser({ name: people.grace.name, email: people.grace.email });
      const repository = await createLocalRepository(grace.id, { name: "widgets" });
      loop.model.script(commitFileScript("notes.txt", { content: "hello" }));

      const asked = await writeToBot(fake.slack, {
        channel: CHANNEL,
        user: people.grace.id,
        text: `<@${fake.slack.bot.userId}> add notes.txt please`,
      });
      expect(asked.delivery).toEqual({ status: 200, json: { ok: true } });

      const [working, answer] = await repliesIn(CHANNEL, asked.ts, 2);
      const session = await getDb().session.findFirstOrThrow({
        where: { repositoryId: repository.id },
        include: { messages: true },
      });
      const posted = statusAsPosted(CHANNEL, asked.ts);
      expect(posted.text).toBe("Working on local/widgets…");
      expect(blockText(posted)).toContain(`${process.env.NIGHTSHIFT_URL}/sessions/${session.id}`);
      // The status said what the agent was doing, and once it answered, that the answer is below.
      const updates = fake.slack.calls.filter((call) => call.method === "chat.update" && call.args.ts === working!.ts);
      expect(updates.map((update) => blockText(update.args)).join("\n")).toContain(
        ":hourglass_flowing_sand: Running printf 'hello\\\\n' &gt; notes.txt",
      );
      await until("the status to close", () =>
        working!.text === "Worked on local/widgets: the answer is below." ? true : undefined,
      );
      expect(session).toMatchObject({ createdById: grace.id, title: "add notes.txt please" });
      expect(session.messages.map((m) => [m.source, m.authorId, m.content])).toEqual([
        ["slack", grace.id, "add notes.txt please"],
      ]);

      expect(answer!.text).toBe("I added notes.txt.");
      expect(blockText(answer!)).toContain(`*Branch:* \`${session.branch}\``);
      expect(blockText(answer!)).toContain("`notes.txt`");
      expect(blockText(answer!)).toContain(":white_check_mark: Done");
      const { externalId: origin } = await getDb().repository.findUniqueOrThrow({ where: { id: repository.id } });
      expect(git(origin, "log", "-1", "--format=%an <%ae>|%s", session.branch)).toBe(
        "Grace Hopper <grace@example.com>|Add notes.txt",
      );
      // 👀 while it worked, gone once it answered.
      const reactions = fake.slack.calls.filter((call) => call.method.startsWith("reactions."));
      expect(reactions.map((call) => [call.method, call.args.timestamp])).toEqual([
        ["reactions.add", asked.ts],
        ["reactions.remove", asked.ts],
      ]);

      // The branch has no pull request yet: pressing Create pull request (twice) asks for one, once.
      expect(blockText(answer!)).toContain('"action_id":"create_pull_request"');
      loop.model.script([{ text: "I opened a pull request." }]);
      const answered = { channel: CHANNEL, blocks: answer!.blocks!, thread_ts: asked.ts, ts: answer!.ts };
      for (let press = 0; press < 2; press += 1)
        expect(
          await pressInSlack(fake.slack, { user: people.grace.id, posted: answered, label: "Create pull request" }),
        ).toMatchObject({
          status: 200,
        });
      const afterPress = await repliesIn(CHANNEL, asked.ts, 4);
      expect(afterPress[3]!.text).toBe("I opened a pull request.");
      const prompts = await getDb().message.findMany({
        where: { sessionId: session.id },
        orderBy: { createdAt: "asc" },
      });
      expect(prompts.map((m) => [m.source, m.authorId, m.content])).toEqual([
        ["slack", grace.id, "add notes.txt please"],
        ["slack", grace.id, CREATE_PULL_REQUEST_PROMPT],
      ]);

      // Slack's retry of the same delivery is answered and acts no more.
      expect(await deliverSlack(asked.body, { retryNum: 1 })).toEqual({ status: 200, json: { ok: true } });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await getDb().message.count({ where: { sessionId: session.id } })).toBe(2);
      expect(fake.slack.botReplies(CHANNEL, asked.ts)).toHaveLength(4);
      expect(fake.slack.unserved).toEqual([]);
    },
  );

  it(
    "a reply in the thread without a mention continues the same session as its author, with the discussion since",
    { timeout: 180_000 },
    async () => {
      const grace = await getDb().user.findUniqueOrThrow({ where: { email: people.grace.email } });
      const katherine = await createUser({ name: people.katherine.name, email: people.katherine.email });
      loop.model.script([{ text: "Ready for review." }]);
      const asked = await writeToBot(fake.slack, {
        channel: CHANNEL,
        user: people.grace.id,
        text: `<@${fake.slack.bot.userId}> look at widgets and tell me what is there`,
      });
      await repliesIn(CHANNEL, asked.ts, 2);
      const session = await getDb().session.findFirstOrThrow({
        where: { createdById: grace.id },
        orderBy: { createdAt: "desc" },
      });

      // Someone Nightshift does not know joins the discussion; the bot leaves it be.
      const aside = await writeToBot(fake.slack, {
        channel: CHANNEL,
        user: people.dorothy.id,
        text: "The file should say hello, not hi.",
        thread_ts: asked.ts,
      });
      expect(aside.delivery.status).toBe(200);
      loop.model.script(commitFileScript("hello.txt", { content: "hello", answer: "Done: hello.txt says hello." }));
      const followUp = await writeToBot(fake.slack, {
        channel: CHANNEL,
        user: people.katherine.id,
        text: "Please do what Dorothy says.",
        thread_ts: asked.ts,
      });
      expect(followUp.delivery.status).toBe(200);

      const replies = await repliesIn(CHANNEL, asked.ts, 4);
      expect(statusAsPosted(CHANNEL, asked.ts, 1).text).toBe("Working on local/widgets…");
      expect(replies[3]!.text).toBe("Done: hello.txt says hello.");
      const messages = await getDb().message.findMany({
        where: { sessionId: session.id },
        orderBy: { createdAt: "asc" },
      });
      expect(messages.map((m) => [m.source, m.authorId])).toEqual([
        ["slack", grace.id],
        ["slack", katherine.id],
      ]);
      expect(messages[1]!.content).toMatch(/^Please do what Dorothy says\.\n/);
      expect(messages[1]!.content).toContain(
        '<untrusted-content source="Slack thread">\nDorothy Vaughan: The file should say hello, not hi.\n</untrusted-content>',
      );
      // Nobody else's session, and nothing said to Dorothy.
      expect(await getDb().session.count({ where: { createdById: katherine.id } })).toBe(0);
      expect(fake.slack.calls.filter((call) => call.method === "chat.postEphemeral")).toEqual([]);
    },
  );

  it("a direct message starts a session and is answered in its thread", { timeout: 180_000 }, async () => {
    loop.model.script([{ text: "There is a README." }]);
    const dm = "D0GRACEDM1";
    const asked = await writeToBot(fake.slack, {
      channel: dm,
      user: people.grace.id,
      text: "what is in widgets?",
      im: true,
    });
    expect(asked.delivery.status).toBe(200);
    const [, answer] = await repliesIn(dm, asked.ts, 2);
    expect(statusAsPosted(dm, asked.ts).text).toBe("Working on local/widgets…");
    expect(answer!.text).toBe("There is a README.");
  });

  it(
    "asks which repository when the person can write to two, and their pick starts the session there",
    { timeout: 180_000 },
    async () => {
      const grace = await getDb().user.findUniqueOrThrow({ where: { email: people.grace.email } });
      const gadgets = await createLocalRepository(grace.id, { name: "gadgets" });
      loop.model.script([{ text: "The docs are tidy." }]);
      const asked = await writeToBot(fake.slack, {
        channel: CHANNEL,
        user: people.grace.id,
        text: `<@${fake.slack.bot.userId}> tidy the docs`,
      });
      expect(asked.delivery.status).toBe(200);
      const picker = await until("the picker", () =>
        fake.slack.calls.find((call) => call.method === "chat.postEphemeral" && call.args.thread_ts === asked.ts),
      );
      expect(picker.args.user).toBe(people.grace.id);
      const pressed = await pressInSlack(fake.slack, {
        user: people.grace.id,
        posted: { channel: CHANNEL, blocks: picker.args.blocks as unknown[], thread_ts: asked.ts },
        label: "local/gadgets",
        ephemeral: true,
      });
      expect(pressed).toMatchObject({ status: 200, json: { ok: true } });

      const [, answer] = await repliesIn(CHANNEL, asked.ts, 2);
      expect(statusAsPosted(CHANNEL, asked.ts).text).toBe("Working on local/gadgets…");
      expect(answer!.text).toBe("The docs are tidy.");
      const session = await getDb().session.findFirstOrThrow({ where: { repositoryId: gadgets.id } });
      expect(session.createdById).toBe(grace.id);
      expect(fake.slack.responses.find((entry) => entry.url === pressed.responseUrl)?.body).toMatchObject({
        text: "You chose local/gadgets.",
      });
    },
  );
});
