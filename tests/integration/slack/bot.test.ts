// The Slack bot's door and decisions, against the fake Slack Web API and the fake GitHub: what
// the events route refuses and records, and what the slack-message job (run through
// @inngest/test) does for a stranger, someone who may not write, a writer, and an unclear
// request. The whole round trip with a sandbox is in loop/slack.test.ts.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { planSlackMessage } from "@/server/integrations/slack/conversation";
import { linkAccount, pendingLink } from "@/server/integrations/account-links";
import type { SlackMessage } from "@/server/integrations/slack/schema";
import { slackMessageJob } from "@/server/jobs/functions/slack-message";
import { stopJobs } from "@/server/jobs/queue";
import { randomKey } from "../../factories";
import type { FakeSlackUser } from "../../fixtures/slack/fake-slack";
import { githubPerson, installedRepository, withFakeGithubApp } from "../../support/github-app";
import { runEventJobWithInngest } from "../../support/inngest";
import {
  deliverSlack,
  eventEnvelope,
  pressInSlack,
  slackSignature,
  withFakeSlack,
  writeToBot,
} from "../../support/slack";

const fake = withFakeGithubApp();
const members: FakeSlackUser[] = [];
const slack = withFakeSlack(members);
afterAll(async () => {
  await stopJobs();
});

/** A Slack member whose Slack email is this person's Nightshift email. */
function memberFor(person: { name: string | null; email: string | null }): FakeSlackUser {
  const member = { id: `U0${randomKey().toUpperCase()}`, name: person.name ?? "Someone", email: person.email };
  members.push(member);
  return member;
}

/** A message that mentions the bot, as the job gets it, written in the fake first. */
function mention(user: string, text: string, channel = `C0${randomKey().toUpperCase()}`): SlackMessage {
  const full = `<@${slack.slack.bot.userId}> ${text}`;
  const ts = slack.slack.write(channel, { user, text: full });
  return {
    eventId: `Ev${randomKey()}`,
    teamId: slack.slack.bot.teamId,
    channel,
    channelType: "channel",
    user,
    text: full,
    ts,
    addressed: true,
    threadKey: `${channel}/${ts}`,
  };
}

const postsIn = (channel: string, method = "chat.postMessage") =>
  slack.slack.calls.filter((call) => call.method === method && call.args.channel === channel);

describe("the events door", () => {
  it("answers Slack's URL check, and refuses what Slack did not sign, or signed over 5 minutes ago", async () => {
    const check = JSON.stringify({
      token: "unused",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    expect(await deliverSlack(check)).toEqual({
      status: 200,
      json: { challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" },
    });

    const envelope = eventEnvelope(slack.slack, {
      type: "app_mention",
      user: "U0FORGER",
      text: "hi",
      ts: "1.000001",
      channel: "C0X",
    });
    const body = JSON.stringify(envelope);
    const now = Math.floor(Date.now() / 1000);
    const forged = await deliverSlack(body, { signature: slackSignature(body, now, "another-secret") });
    expect(forged.status).toBe(401);
    expect(forged.json).toMatchObject({
      error: { code: "UNAUTHENTICATED", message: expect.stringContaining("X-Slack-Signature") },
    });
    const stale = await deliverSlack(body, { timestamp: now - 6 * 60 });
    expect(stale.status).toBe(401);
    expect(stale.json).toMatchObject({ error: { message: expect.stringContaining("more than 5 minutes") } });
    expect((await deliverSlack(body, { signature: null })).status).toBe(401);
    const press = new URLSearchParams({ payload: JSON.stringify({ type: "block_actions" }) }).toString();
    expect((await deliverSlack(press, { interaction: true, timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await deliverSlack(press, { interaction: true })).status).toBe(400);
    const notJson = await deliverSlack("token=x&team_id=T0");
    expect(notJson.status).toBe(400);
    // Half a character (a lone surrogate) is refused at the door: Postgres could not store it.
    const broken = JSON.stringify(
      eventEnvelope(slack.slack, {
        type: "app_mention",
        user: "U0X",
        text: "fix \ud800",
        ts: "1.000002",
        channel: "C0X",
      }),
    );
    expect(await deliverSlack(broken)).toMatchObject({ status: 400, json: { error: { code: "VALIDATION" } } });
    const brokenPress = new URLSearchParams({
      payload: JSON.stringify({
        type: "block_actions",
        user: { id: "U0X" },
        team: { id: "\udfff\ud800x" },
        actions: [{ type: "button", action_id: "create_pull_request", value: "x" }],
      }),
    }).toString();
    expect(await deliverSlack(brokenPress, { interaction: true })).toMatchObject({ status: 400 });
    expect(await getDb().slackEvent.count({ where: { id: envelope.event_id } })).toBe(0);
  });

  it("records a mention once: its message echo and Slack's retry act on nothing more", async () => {
    const asked = await writeToBot(slack.slack, {
      channel: `C0${randomKey().toUpperCase()}`,
      user: "U0SOMEONE1",
      text: `<@${slack.slack.bot.userId}> hello`,
    });
    expect(asked.delivery).toEqual({ status: 200, json: { ok: true } });
    expect(await deliverSlack(asked.body, { retryNum: 1 })).toEqual({ status: 200, json: { ok: true } });
    const recorded = await getDb().slackEvent.findMany({
      where: { receivedAt: { gte: new Date(Date.now() - 60_000) } },
    });
    expect(recorded.filter((event) => event.id === asked.eventId)).toHaveLength(1);
    // The echo (a message event of the same text) was not recorded: it is not a request.
    expect(recorded).toHaveLength(1);
  });
});

describe("the slack-message job", () => {
  it("tells a stranger, where only they see it, how to link; the link makes them that person once", async () => {
    const stranger = {
      id: `U0${randomKey().toUpperCase()}`,
      name: "Stranger Danger",
      email: "nobody@elsewhere.example",
    };
    members.push(stranger);
    const message = mention(stranger.id, "fix the build");
    const run = await runEventJobWithInngest(slackMessageJob, message);
    expect(run.error).toBeUndefined();
    const [offer, ...more] = postsIn(message.channel, "chat.postEphemeral");
    expect(more).toEqual([]);
    expect(offer!.args).toMatchObject({ user: stranger.id, thread_ts: message.ts });
    expect(postsIn(message.channel)).toEqual([]);
    const token = /\/slack\/link\/(nsl_[\w-]+)\|/.exec(String(offer!.args.text))?.[1];
    expect(token).toBeDefined();

    const person = await getDb().user.create({
      data: { name: "Linked Person", email: `linked-${randomKey()}@example.com` },
    });
    expect(await pendingLink(token!)).toMatchObject({ kind: "slack", externalUserId: stranger.id });
    await linkAccount(token!, person.id);
    await expect(linkAccount(token!, person.id)).rejects.toThrow(AppError);
    expect(await pendingLink(token!)).toBeNull();
    // Someone Slack will not even describe (user_not_found) is a stranger too, not an error.
    const unseen = mention("U0NOTFOUND", "fix the build");
    expect((await runEventJobWithInngest(slackMessageJob, unseen)).error).toBeUndefined();
    expect(postsIn(unseen.channel, "chat.postEphemeral")).toHaveLength(1);
    // Now the bot knows them (as the linked person), and asks which repository.
    const plan = await planSlackMessage(mention(stranger.id, "fix the build"));
    expect(plan.kind).not.toBe("link");
  });

  it("refuses, in the thread, someone who may not write to the repository they name: no session", async () => {
    const reader = await githubPerson(fake.github, `reader-${randomKey()}`, "Rita Reader");
    const { repository, fullName } = await installedRepository(fake.github, {
      owner: "acme",
      name: "engine",
      collaborators: { [reader.githubLogin]: "read" },
    });
    const message = mention(memberFor(reader).id, `please fix the flaky test in ${fullName}`);
    const run = await runEventJobWithInngest(slackMessageJob, message);
    expect(run.error).toBeUndefined();
    const [refusal, ...more] = postsIn(message.channel);
    expect(more).toEqual([]);
    expect(refusal!.args).toMatchObject({ thread_ts: message.ts });
    expect(String(refusal!.args.text)).toContain(`I cannot work on ${fullName} for you:`);
    expect(await getDb().session.count({ where: { repositoryId: repository.id } })).toBe(0);
  });

  it("opens a session for a writer naming the repository, as them, says it is working, and reacts", async () => {
    const writer = await githubPerson(fake.github, `writer-${randomKey()}`, "Wanda Writer");
    const { repository, fullName } = await installedRepository(fake.github, {
      owner: "acme",
      name: "engine",
      collaborators: { [writer.githubLogin]: "write" },
    });
    const message = mention(memberFor(writer).id, `bump the version in ${fullName}`);
    const run = await runEventJobWithInngest(slackMessageJob, message);
    expect(run.error).toBeUndefined();
    const session = await getDb().session.findFirstOrThrow({
      where: { repositoryId: repository.id },
      include: { messages: true, slackThreads: true },
    });
    expect(session.createdById).toBe(writer.id);
    expect(session.messages.map((m) => [m.source, m.content, m.clientRequestId])).toEqual([
      ["slack", `bump the version in ${fullName}`, `slack-${message.eventId}`],
    ]);
    expect(session.slackThreads).toMatchObject([
      { channel: message.channel, threadTs: message.ts, lastPromptTs: message.ts },
    ]);
    const [working] = postsIn(message.channel);
    expect(working!.args).toMatchObject({ thread_ts: message.ts, text: `Working on ${fullName}…` });
    expect(JSON.stringify(working!.args.blocks)).toContain(`/sessions/${session.id}`);
    expect(
      slack.slack.calls.filter((call) => call.method === "reactions.add" && call.args.timestamp === message.ts),
    ).toHaveLength(1);
  });

  it("says in the thread why it could not start, when the repository's default model cannot run", async () => {
    const writer = await githubPerson(fake.github, `writer-${randomKey()}`, "Walt Writer");
    const { repository, fullName } = await installedRepository(fake.github, {
      owner: "acme",
      name: "engine",
      collaborators: { [writer.githubLogin]: "write" },
    });
    await getDb().repositorySettings.create({
      data: { repositoryId: repository.id, defaultModel: "retired/model-x" },
    });
    const message = mention(memberFor(writer).id, `bump the version in ${fullName}`);
    expect((await runEventJobWithInngest(slackMessageJob, message)).error).toBeUndefined();
    const [said, ...more] = postsIn(message.channel);
    expect(more).toEqual([]);
    expect(said!.args).toMatchObject({ thread_ts: message.ts });
    expect(String(said!.args.text)).toMatch(
      new RegExp(`^I could not start on ${fullName}: "retired/model-x" is not a model`),
    );
    expect(await getDb().session.count({ where: { repositoryId: repository.id } })).toBe(0);
  });

  it("asks which repository, where only its author sees it, when the message names two; their pick opens it", async () => {
    const writer = await githubPerson(fake.github, `writer-${randomKey()}`, "Wendy Writer");
    const first = await installedRepository(fake.github, {
      owner: "acme",
      name: "left",
      collaborators: { [writer.githubLogin]: "write" },
    });
    const second = await installedRepository(fake.github, {
      owner: "acme",
      name: "right",
      collaborators: { [writer.githubLogin]: "write" },
    });
    const member = memberFor(writer);
    const message = mention(member.id, `compare ${first.fullName} with ${second.fullName}`);
    expect((await runEventJobWithInngest(slackMessageJob, message)).error).toBeUndefined();
    const both = { in: [first.repository.id, second.repository.id] };
    expect(await getDb().session.count({ where: { repositoryId: both } })).toBe(0);
    // Others in the channel may not see those repositories: only the author sees the picker.
    expect(postsIn(message.channel)).toEqual([]);
    const [picker] = postsIn(message.channel, "chat.postEphemeral");
    expect(picker!.args).toMatchObject({ user: member.id, thread_ts: message.ts });
    expect(JSON.stringify(picker!.args.blocks)).toContain("the message names more than one");
    const posted = { channel: message.channel, blocks: picker!.args.blocks as unknown[] };

    // Someone else's press is turned away; the author's is queued as the request, placed.
    const stranger = await pressInSlack(slack.slack, { user: "U0SOMEONE9", posted, label: second.fullName });
    expect(stranger.json).toEqual({ ok: true });
    expect(slack.slack.responses.find((entry) => entry.url === stranger.responseUrl)?.body).toMatchObject({
      text: "Only the person who asked can choose.",
    });
    const pressed = await pressInSlack(slack.slack, {
      user: member.id,
      posted,
      label: second.fullName,
      ephemeral: true,
    });
    expect(pressed).toMatchObject({ status: 200, json: { ok: true } });
    const pending = await getDb().slackPendingRequest.findFirstOrThrow({ where: { slackUserId: member.id } });

    // The job the press queued, run here: the session opens on the repository picked.
    const picked = {
      ...message,
      pick: { pendingId: pending.id, repositoryId: second.repository.id, responseUrl: pressed.responseUrl },
    };
    expect((await runEventJobWithInngest(slackMessageJob, picked)).error).toBeUndefined();
    const session = await getDb().session.findFirstOrThrow({
      where: { repositoryId: both },
      include: { messages: true },
    });
    expect(session).toMatchObject({ repositoryId: second.repository.id, createdById: writer.id });
    expect(session.messages.map((m) => m.content)).toEqual([`compare ${first.fullName} with ${second.fullName}`]);
    expect(slack.slack.responses.find((entry) => entry.url === pressed.responseUrl)?.body).toMatchObject({
      replace_original: true,
      text: `You chose ${second.fullName}.`,
    });
    // A second pick of the same request opens nothing more.
    const again = { ...picked, pick: { ...picked.pick, repositoryId: first.repository.id } };
    expect((await runEventJobWithInngest(slackMessageJob, again)).error).toBeUndefined();
    expect(await getDb().session.count({ where: { repositoryId: both } })).toBe(1);
  });
});
