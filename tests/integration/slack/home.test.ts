// The Slack bot's Home tab through its doors: app_home_opened and the tab's own presses reach
// the routes signed as Slack signs them, pg-boss works the slack-home jobs they queue, and the
// tab the bot publishes (to the fake Slack Web API) is read back and used as a person would. Then
// a request in Slack opens a session with the choices made there.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { slackHomeJob } from "@/server/jobs/functions/slack-home";
import { slackMessageJob } from "@/server/jobs/functions/slack-message";
import { startJobs, stopJobs } from "@/server/jobs/queue";
import { setSecrets } from "@/server/secrets/secrets";
import { asActor, createLocalRepository, createUser, randomKey } from "../../factories";
import { runEventJobWithInngest } from "../../support/inngest";
import { withOwnDatabase } from "../../support/own-database";
import { until } from "../../support/session-loop";
import { openHomeTab, useHomeTab, withFakeSlack, writeToBot } from "../../support/slack";
import { createSession } from "@/server/sessions/create-session";

// Its own database: the tab lists every repository its person may write to.
withOwnDatabase();
const people = {
  ada: { id: "U0ADALOVEL", name: "Ada Lovelace", email: "ada@example.com" },
  stranger: { id: "U0STRANGER", name: "Sam Stranger", email: "sam@elsewhere.example" },
};
const fake = withFakeSlack(Object.values(people));
beforeAll(async () => {
  await startJobs({ jobs: [slackHomeJob], schema: `home_${randomKey()}` });
});
afterAll(async () => {
  await stopJobs();
});

const publishes = (user: string) =>
  fake.slack.calls.filter((call) => call.method === "views.publish" && call.args.user_id === user).length;

/** Does something in Slack, then waits for the Home tab the bot publishes after it. */
async function thenHome(user: string, act: () => Promise<{ status: number }>) {
  const before = publishes(user);
  expect((await act()).status).toBe(200);
  await until("the Home tab published again", () => (publishes(user) > before ? true : undefined), 60_000);
  const view = fake.slack.homes.get(user)!;
  return { view, text: JSON.stringify(view.blocks) };
}

describe("the Slack bot's Home tab", () => {
  it("shows someone Nightshift does not know how to link their account", async () => {
    const { text } = await thenHome(people.stranger.id, () => openHomeTab(fake.slack, people.stranger.id));
    expect(text).toContain("I do not know who you are in Nightshift yet");
    expect(text).toMatch(/"url":"[^"]+\/slack\/link\/nsl_[\w-]+"/);
    expect(text).toContain("Link my Slack account");
  });

  it(
    "lets a person choose a model, an effort and a branch, for every repository and for one; the sessions they start from Slack get them",
    { timeout: 90_000 },
    async () => {
      const ada = await createUser({ name: people.ada.name, email: people.ada.email });
      const widgets = await createLocalRepository(ada.id, { name: "widgets", branches: ["develop"] });
      const gadgets = await createLocalRepository(ada.id, { name: "gadgets" });
      // Anthropic's models (with their efforts) can run on widgets only: its key is widgets' secret.
      await setSecrets({
        ref: { scope: "repository", repositoryId: widgets.id },
        changes: [{ key: "ANTHROPIC_API_KEY", value: `sk-ant-${randomBytes(8).toString("hex")}` }],
        actorId: ada.id,
      });
      await createSession({ repositoryId: gadgets.id, actor: asActor(ada), title: "Tidy the gadget drawer" });

      const ada$ = people.ada.id;
      let home = await thenHome(ada$, () => openHomeTab(fake.slack, ada$));
      expect(home.text).toContain("You are *Ada Lovelace* in Nightshift");
      expect(home.text).toContain("Tidy the gadget drawer");
      expect(home.text).toContain("local/gadgets · waiting");
      expect(home.text).toContain("None yet: choose a repository above to set some.");

      // For every repository: a branch name git would refuse is refused on the tab; a good one is kept.
      home = await thenHome(ada$, () => useHomeTab(fake.slack, { user: ada$, branch: "release..next" }));
      expect(home.text).toContain("A branch name cannot contain “..”.");
      home = await thenHome(ada$, () => useHomeTab(fake.slack, { user: ada$, branch: "develop" }));
      expect(home.text).not.toContain(":warning:");
      expect(home.text).toContain('"initial_value":"develop"');

      // For widgets: a model only widgets can run, and one of its efforts.
      home = await thenHome(ada$, () => useHomeTab(fake.slack, { user: ada$, label: "local/widgets" }));
      expect(home.view.private_metadata).toBe(widgets.id);
      expect(home.text).toContain("For local/widgets: these win over your choices for every repository.");
      home = await thenHome(ada$, () =>
        useHomeTab(fake.slack, { user: ada$, label: "Claude Sonnet 4.5 (anthropic/claude-sonnet-4-5)" }),
      );
      home = await thenHome(ada$, () => useHomeTab(fake.slack, { user: ada$, label: "High" }));
      // A branch widgets does not have is refused, and the choices stay as they were.
      home = await thenHome(ada$, () => useHomeTab(fake.slack, { user: ada$, branch: "no-such-branch" }));
      expect(home.text).toMatch(/:warning: [^"]*no-such-branch/);
      expect(home.text).toContain("*local/widgets*\\nmodel anthropic/claude-sonnet-4-5 · high effort");
      const stored = await getDb().slackPreference.findMany({
        where: { userId: ada.id },
        orderBy: { updatedAt: "asc" },
      });
      expect(
        stored.map(({ repositoryId, model, reasoningEffort, baseBranch }) => [
          repositoryId,
          model,
          reasoningEffort,
          baseBranch,
        ]),
      ).toEqual([
        [null, null, null, "develop"],
        [widgets.id, "anthropic/claude-sonnet-4-5", "high", null],
      ]);

      // A request in Slack on widgets runs with widgets' model and effort, from the branch chosen for all.
      const asked = await writeToBot(fake.slack, {
        channel: "C0ENGINEER",
        user: ada$,
        text: `<@${fake.slack.bot.userId}> tidy local/widgets`,
      });
      const message = {
        eventId: asked.eventId,
        teamId: fake.slack.bot.teamId,
        channel: "C0ENGINEER",
        channelType: "channel",
        user: ada$,
        text: `<@${fake.slack.bot.userId}> tidy local/widgets`,
        ts: asked.ts,
        addressed: true,
        threadKey: `C0ENGINEER/${asked.ts}`,
      };
      expect((await runEventJobWithInngest(slackMessageJob, message)).error).toBeUndefined();
      expect(
        await getDb().session.findFirstOrThrow({
          where: { repositoryId: widgets.id },
          select: { model: true, reasoningEffort: true, baseBranch: true },
        }),
      ).toEqual({ model: "anthropic/claude-sonnet-4-5", reasoningEffort: "high", baseBranch: "develop" });

      // On gadgets, which has no develop branch, the session starts from its own, and says so.
      const onGadgets = {
        ...message,
        eventId: `Ev${randomKey()}`,
        text: "tidy local/gadgets",
        threadKey: "C0ENGINEER/2",
      };
      onGadgets.ts = fake.slack.write("C0ENGINEER", { user: ada$, text: onGadgets.text });
      expect((await runEventJobWithInngest(slackMessageJob, onGadgets)).error).toBeUndefined();
      const gadgetSession = await getDb().session.findFirstOrThrow({
        where: { repositoryId: gadgets.id, title: "tidy local/gadgets" },
        select: { baseBranch: true },
      });
      expect(gadgetSession.baseBranch).toBe("main");
      const working = fake.slack.botReplies("C0ENGINEER", onGadgets.ts)[0]!;
      expect(JSON.stringify(working.blocks)).toContain("your branch develop cannot be used");

      // Clear, for widgets: its choices go, the branch for every repository stays.
      home = await thenHome(ada$, () => useHomeTab(fake.slack, { user: ada$, label: "Clear these choices" }));
      expect(home.text).toContain("None yet: choose a repository above to set some.");
      expect(await getDb().slackPreference.count({ where: { userId: ada.id } })).toBe(1);
      expect(fake.slack.unserved).toEqual([]);
    },
  );
});
