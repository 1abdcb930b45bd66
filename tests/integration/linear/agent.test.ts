// The Linear agent's door and decisions, against the fake Linear API: what the webhook route
// refuses and records, and what the linear-agent job (run through @inngest/test) does for a
// stranger, a mapped team, an issue whose repository it must ask for, and a model label. The
// round trip with a sandbox is in loop/linear.test.ts.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { linkAccount, pendingLink } from "@/server/integrations/account-links";
import { agentSessionEventPayload as payloadSchema } from "@/server/integrations/linear/schema";
import { jobEvent } from "@/server/integrations/linear/webhook";
import { linearAgentJob } from "@/server/jobs/functions/linear-agent";
import { stopJobs } from "@/server/jobs/queue";
import { setSecrets } from "@/server/secrets/secrets";
import { createLocalRepository, createUser } from "../../factories";
import { agentSessionEventPayload, signLinearWebhook } from "../../fixtures/linear/webhooks";
import { runEventJobWithInngest } from "../../support/inngest";
import { deliverLinear, installInFakeLinear, withFakeLinear } from "../../support/linear";
import { withOwnDatabase } from "../../support/own-database";

// Its own database: every repository in it is one the agent may choose among.
withOwnDatabase();
const fake = withFakeLinear({
  users: [
    { name: "Ada Lovelace", email: "ada@acme.example" },
    { name: "Sam Stranger", email: "sam@elsewhere.example" },
    { name: "Bob Builder", email: "bob@acme.example" },
  ],
});
afterAll(async () => {
  await stopJobs();
});

const ada = () => fake.linear.users.find((user) => user.name === "Ada Lovelace")!;
const activities = (agentSessionId: string) => fake.linear.agentSessions.get(agentSessionId)?.activities ?? [];

/** Delivers the event to the door (which must queue it), then runs its job as the queue would. */
async function handOver(input: Parameters<typeof agentSessionEventPayload>[1]) {
  const payload = agentSessionEventPayload(fake.linear, input);
  const delivery = await deliverLinear(fake.linear, JSON.stringify(payload));
  expect(delivery).toMatchObject({ status: 200, json: { ok: true, status: "queued" } });
  const event = jobEvent(delivery.deliveryId, payloadSchema.parse(payload))!;
  const run = await runEventJobWithInngest(linearAgentJob, event);
  expect(run.error).toBeUndefined();
  return event;
}

/** Ada hands the agent the issue: a new agent session. */
const adaHandsOver = (issueId: string) =>
  handOver({ action: "created", agentSessionId: crypto.randomUUID(), issueId, creatorId: ada().id });

describe("the Linear webhook", () => {
  it("refuses a forged signature and a stale timestamp, acts on a delivery once, and passes over other events", async () => {
    const issue = fake.linear.createIssue({ title: "Fix the login" });
    // Before the agent is installed in the workspace, its events are passed over: no token to answer with.
    const early = agentSessionEventPayload(fake.linear, {
      action: "created",
      agentSessionId: crypto.randomUUID(),
      issueId: issue.id,
      creatorId: ada().id,
    });
    expect(await deliverLinear(fake.linear, JSON.stringify(early))).toMatchObject({
      status: 200,
      json: { status: "ignored" },
    });
    await installInFakeLinear(fake.linear);
    const payload = agentSessionEventPayload(fake.linear, {
      action: "created",
      agentSessionId: crypto.randomUUID(),
      issueId: issue.id,
      creatorId: ada().id,
    });
    const body = JSON.stringify(payload);
    const forged = await deliverLinear(fake.linear, body, { signature: signLinearWebhook(body, "another-secret") });
    expect(forged).toMatchObject({
      status: 401,
      json: { error: { message: expect.stringContaining("linear-signature") } },
    });
    expect((await deliverLinear(fake.linear, body, { signature: null })).status).toBe(401);
    const stale = JSON.stringify({ ...payload, webhookTimestamp: Date.now() - 2 * 60_000 });
    expect(await deliverLinear(fake.linear, stale)).toMatchObject({
      status: 401,
      json: { error: { message: expect.stringContaining("60 seconds") } },
    });

    const first = await deliverLinear(fake.linear, body);
    expect(first).toMatchObject({ status: 200, json: { status: "queued" } });
    const again = await deliverLinear(fake.linear, body, { deliveryId: first.deliveryId });
    expect(again).toMatchObject({ status: 200, json: { status: "duplicate" } });
    expect(await getDb().linearDelivery.count({ where: { id: first.deliveryId } })).toBe(1);

    const other = JSON.stringify({ type: "Issue", action: "create", webhookTimestamp: Date.now(), data: {} });
    expect(await deliverLinear(fake.linear, other)).toMatchObject({ status: 200, json: { status: "ignored" } });
    const broken = JSON.stringify({ type: "AgentSessionEvent", action: "created", webhookTimestamp: Date.now() });
    expect((await deliverLinear(fake.linear, broken)).status).toBe(400);
  });
});

describe("the linear-agent job", () => {
  it("gives someone Nightshift does not know a link only they see, at once, and opens nothing; the link makes them that person", async () => {
    const issue = fake.linear.createIssue({ title: "Tidy the docs" });
    const stranger = fake.linear.users.find((user) => user.name === "Sam Stranger")!;
    const event = await handOver({
      action: "created",
      agentSessionId: crypto.randomUUID(),
      issueId: issue.id,
      creatorId: stranger.id,
    });
    const said = activities(event.agentSessionId);
    expect(said[0]!.content).toMatchObject({ type: "thought", body: `Looking at ${issue.identifier}…` });
    const offer = said.at(-1)!;
    expect(offer.content).toMatchObject({
      type: "elicitation",
      body: expect.stringContaining("I do not know who you are"),
    });
    // Linear shows the link as a button to that user only (the auth signal); the body does not carry it.
    expect(offer.signal).toBe("auth");
    const url = String((offer.signalMetadata as { url: string }).url);
    expect(offer.signalMetadata).toMatchObject({ userId: stranger.id });
    expect(JSON.stringify(offer.content)).not.toContain(url);
    expect(url.startsWith(`${process.env.NIGHTSHIFT_URL}/linear/link/nll_`)).toBe(true);
    expect(await getDb().session.count()).toBe(0);

    const token = url.split("/").at(-1)!;
    expect(await pendingLink(token)).toMatchObject({
      kind: "linear",
      externalUserId: stranger.id,
      displayName: "Sam Stranger (sam@elsewhere.example)",
    });
    const sam = await createUser({ name: "Sam", email: "sam@nightshift.example" });
    await linkAccount(token, sam.id);
    await expect(linkAccount(token, sam.id)).rejects.toThrow("expired or was used already");
    expect(await getDb().linearUser.findUnique({ where: { linearUserId: stranger.id } })).toMatchObject({
      userId: sam.id,
      linkedBy: "link",
    });
  });

  it("works on the team's repository as the person who handed it over: linked, planned, and the issue started", async () => {
    const person = await createUser({ name: "Ada Lovelace", email: "ada@acme.example" });
    const repository = await createLocalRepository(person.id, { name: "login" });
    const team = fake.linear.teams[0]!;
    await getDb().linearMapping.create({
      data: { kind: "team", linearId: team.id, name: team.name, repositoryId: repository.id },
    });
    const issue = fake.linear.createIssue({ title: "Fix the login redirect", description: "It loops." });
    const event = await handOver({
      action: "created",
      agentSessionId: crypto.randomUUID(),
      issueId: issue.id,
      creatorId: ada().id,
      body: "Please keep the old URL working.",
    });

    const session = await getDb().session.findFirstOrThrow({
      where: { repositoryId: repository.id },
      include: { messages: true },
    });
    expect(session).toMatchObject({ createdById: person.id, title: `${issue.identifier}: Fix the login redirect` });
    const [prompt] = session.messages;
    expect(prompt).toMatchObject({
      source: "linear",
      clientRequestId: `linear-${event.deliveryId}`,
      authorId: person.id,
    });
    expect(prompt!.content).toContain("Please keep the old URL working.");
    expect(prompt!.content).toMatch(/<untrusted-content source="Linear issue">[\s\S]*It loops\./);

    const agentSession = fake.linear.agentSessions.get(event.agentSessionId)!;
    expect(agentSession.activities[0]!.content).toMatchObject({ type: "thought" });
    expect(agentSession.externalUrls).toEqual([
      { label: "Nightshift session", url: `${process.env.NIGHTSHIFT_URL}/sessions/${session.id}` },
    ]);
    expect(agentSession.plan).toEqual(
      expect.arrayContaining([{ content: "Work on it in a Nightshift session", status: "inProgress" }]),
    );
    const started = team.states.filter((state) => state.type === "started").sort((a, b) => a.position - b.position)[0]!;
    expect(fake.linear.issues.get(issue.id)!.stateId).toBe(started.id);
    expect(fake.linear.unserved).toEqual([]);
  });

  it("takes Linear's suggestion when it is sure, with the model a model- label names; asks when it is not", async () => {
    const person = await getDb().user.findUniqueOrThrow({ where: { email: "ada@acme.example" } });
    await getDb().linearMapping.deleteMany();
    const alpha = await createLocalRepository(person.id, { name: "alpha" });
    const beta = await createLocalRepository(person.id, { name: "beta" });
    // Anthropic's models can run on beta: its key is beta's secret.
    await setSecrets({
      ref: { scope: "repository", repositoryId: beta.id },
      changes: [{ key: "ANTHROPIC_API_KEY", value: "sk-ant-linear-label-test-0123456789" }],
      actorId: person.id,
    });
    const sure = fake.linear.createIssue({ title: "Speed up beta", labels: ["model-opus", "Bug"] });
    fake.linear.repositorySuggestions.set(sure.id, [
      { repositoryFullName: "local/beta", hostname: "local", confidence: 0.92 },
      { repositoryFullName: "local/alpha", hostname: "local", confidence: 0.3 },
    ]);
    const event = await adaHandsOver(sure.id);
    const session = await getDb().session.findFirstOrThrow({ where: { repositoryId: beta.id } });
    expect(session.model).toBe("anthropic/claude-opus-4-5");
    expect(activities(event.agentSessionId).map((activity) => activity.content)).toContainEqual(
      expect.objectContaining({
        type: "thought",
        body: expect.stringContaining("Working on local/beta (Linear suggested it)"),
      }),
    );
    // Linear was asked among the repositories Ada can write to, and nothing else.
    const asked = fake.linear.calls.find((call) => call.operation === "issueRepositorySuggestions")!;
    expect(
      (asked.variables.candidateRepositories as Array<{ repositoryFullName: string }>)
        .map((entry) => entry.repositoryFullName)
        .sort(),
    ).toEqual(["local/alpha", "local/beta", "local/login"]);

    const unsure = fake.linear.createIssue({ title: "Something somewhere" });
    fake.linear.repositorySuggestions.set(unsure.id, [
      { repositoryFullName: "local/alpha", hostname: "local", confidence: 0.4 },
    ]);
    const asking = await adaHandsOver(unsure.id);
    expect(activities(asking.agentSessionId).at(-1)!.content).toMatchObject({
      type: "elicitation",
      body: expect.stringContaining("Which repository should I work in?"),
    });
    expect(await getDb().session.count({ where: { repositoryId: alpha.id } })).toBe(0);

    // Bob answers: the work starts on alpha, still as Ada, who handed the issue over.
    await createUser({ name: "Bob Builder", email: "bob@acme.example" });
    const bob = fake.linear.users.find((user) => user.name === "Bob Builder")!;
    await handOver({
      action: "prompted",
      agentSessionId: asking.agentSessionId,
      authorId: bob.id,
      body: "local/alpha",
    });
    const onAlpha = await getDb().session.findFirstOrThrow({
      where: { repositoryId: alpha.id },
      include: { messages: true },
    });
    expect(onAlpha.createdById).toBe(person.id);
    expect(onAlpha.messages[0]!.content).toContain("Something somewhere");
  });

  it("says in an error why it could not start, when the mapping's model cannot run here", async () => {
    const person = await getDb().user.findUniqueOrThrow({ where: { email: "ada@acme.example" } });
    const repository = await createLocalRepository(person.id, { name: "gamma" });
    const team = fake.linear.teams[0]!;
    await getDb().linearMapping.deleteMany();
    // Saved when its provider had a key; the key is gone now.
    await getDb().linearMapping.create({
      data: {
        kind: "team",
        linearId: team.key.toLowerCase(),
        name: team.name,
        repositoryId: repository.id,
        model: "anthropic/claude-opus-4-5",
      },
    });
    const issue = fake.linear.createIssue({ title: "Polish gamma" });
    const event = await adaHandsOver(issue.id);
    expect(activities(event.agentSessionId).at(-1)!.content).toMatchObject({
      type: "error",
      body: expect.stringMatching(/^I could not start on local\/gamma: Claude Opus 4\.5 cannot be used: /),
    });
    expect(await getDb().session.count({ where: { repositoryId: repository.id } })).toBe(0);
  });
});
