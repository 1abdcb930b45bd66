// The Linear agent through the whole loop: agent session events, signed as Linear signs them,
// reach the webhook route; the linear-agent job opens or continues the Nightshift session as the
// person who handed the issue over; the real OpenCode in a real sandbox works against the
// scripted fake model; and Linear's agent session (the fake Linear API) shows each step as an
// action and ends each turn with a response — or asks which repository, or stops when told.
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { createLocalRepository, createUser } from "../../factories";
import { installInFakeLinear, sendAgentEvent, withFakeLinear } from "../../support/linear";
import { commitFileScript, until, withSessionLoop } from "../../support/session-loop";

const fake = withFakeLinear({ users: [{ name: "Grace Hopper", email: "grace@example.com" }] });
const loop = withSessionLoop();

const grace = () => fake.linear.users[0]!;
const contents = (agentSessionId: string) =>
  (fake.linear.agentSessions.get(agentSessionId)?.activities ?? []).map((activity) => activity.content);
/** The activities once the last is of `type` (a response or an error ends a turn). */
const turnEnded = (agentSessionId: string, count: number) =>
  until(`turn ${count} to end in Linear`, () => {
    const ends = contents(agentSessionId).filter((content) =>
      ["response", "error", "elicitation"].includes(content.type),
    );
    return ends.length >= count ? contents(agentSessionId) : undefined;
  });

describe("the Linear agent, end to end", () => {
  it(
    "works on a handed-over issue as its person, shows its steps, answers with the pull request, and takes a follow-up",
    { timeout: 240_000 },
    async () => {
      await installInFakeLinear(fake.linear);
      const person = await createUser({ name: "Grace Hopper", email: "grace@example.com" });
      const repository = await createLocalRepository(person.id, { name: "widgets" });
      const team = fake.linear.teams[0]!;
      await getDb().linearMapping.create({
        data: { kind: "team", linearId: team.id, name: team.name, repositoryId: repository.id },
      });
      const issue = fake.linear.createIssue({ title: "Add notes", description: "We need a notes file." });
      loop.model.script([
        ...commitFileScript("notes.txt", { content: "hello" }).slice(0, 1),
        { toolCalls: [{ name: "create-pull-request", arguments: { title: "Add notes", body: "Adds notes.txt." } }] },
        { text: "I added notes.txt and opened a pull request." },
      ]);
      const agentSessionId = crypto.randomUUID();
      const delivered = Date.now();
      const handed = await sendAgentEvent(fake.linear, {
        action: "created",
        agentSessionId,
        issueId: issue.id,
        creatorId: grace().id,
      });
      expect(handed).toMatchObject({ status: 200, json: { status: "queued" } });

      const said = await turnEnded(agentSessionId, 1);
      const activities = fake.linear.agentSessions.get(agentSessionId)!.activities;
      // Linear's 10 seconds for a first sign of life.
      expect(Date.parse(activities[0]!.createdAt) - delivered).toBeLessThan(10_000);
      expect(said[0]).toMatchObject({ type: "thought", body: `Looking at ${issue.identifier}…` });
      // Each step as an action (steps closer than 2 s apart collapse into the latest).
      const actions = said.filter((content) => content.type === "action");
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions)
        expect([`${action.action} ${action.parameter}`]).toEqual([
          expect.stringMatching(/^(Run printf 'hello\\n' > notes\.txt.*|create-pull-request .*)$/),
        ]);
      const response = said.at(-1)!;
      expect(response).toMatchObject({ type: "response" });
      expect(String(response.body)).toContain("I added notes.txt and opened a pull request.");
      expect(String(response.body)).toMatch(/\*\*Pull request:\*\* \[Add notes\]\(\S+\)/);

      const session = await getDb().session.findFirstOrThrow({ where: { repositoryId: repository.id } });
      expect(session.createdById).toBe(person.id);
      const link = fake.linear.agentSessions.get(agentSessionId)!.externalUrls;
      expect(link).toContainEqual({
        label: "Nightshift session",
        url: `${process.env.NIGHTSHIFT_URL}/sessions/${session.id}`,
      });
      expect(link.find((entry) => entry.label === "Pull request")).toBeDefined();
      expect(fake.linear.attachments.filter((attachment) => attachment.issueId === issue.id)).toHaveLength(1);
      const started = team.states
        .filter((state) => state.type === "started")
        .sort((a, b) => a.position - b.position)[0]!;
      expect(fake.linear.issues.get(issue.id)!.stateId).toBe(started.id);

      // A reply in the agent session is the next prompt in the same session, from its author.
      loop.model.script([{ text: "The file says hello." }]);
      await sendAgentEvent(fake.linear, { action: "prompted", agentSessionId, body: "What does the file say?" });
      const next = await turnEnded(agentSessionId, 2);
      expect(next.at(-1)).toMatchObject({ type: "response", body: expect.stringContaining("The file says hello.") });
      const prompts = await getDb().message.findMany({
        where: { sessionId: session.id },
        orderBy: { createdAt: "asc" },
      });
      expect(prompts.map((prompt) => [prompt.source, prompt.authorId])).toEqual([
        ["linear", person.id],
        ["linear", person.id],
      ]);
      expect(prompts[1]!.content).toBe("What does the file say?");
      expect(fake.linear.unserved).toEqual([]);
    },
  );

  it(
    "asks which repository when it cannot tell, and the answer starts the work there; stop stops it and says so",
    { timeout: 240_000 },
    async () => {
      const person = await getDb().user.findUniqueOrThrow({ where: { email: "grace@example.com" } });
      const gadgets = await createLocalRepository(person.id, { name: "gadgets" });
      await getDb().linearMapping.deleteMany();
      const issue = fake.linear.createIssue({ title: "Speed up the build" });
      const agentSessionId = crypto.randomUUID();
      await sendAgentEvent(fake.linear, {
        action: "created",
        agentSessionId,
        issueId: issue.id,
        creatorId: grace().id,
      });
      const asked = await turnEnded(agentSessionId, 1);
      expect(asked.at(-1)).toMatchObject({ type: "elicitation", body: expect.stringContaining("local/gadgets") });
      expect(await getDb().session.count({ where: { repositoryId: gadgets.id } })).toBe(0);

      // The answer starts it on gadgets; a slow step gives time to say stop.
      loop.model.script([
        { toolCalls: [{ name: "bash", arguments: { command: "sleep 30", description: "Wait" } }] },
        { text: "Done waiting." },
      ]);
      await sendAgentEvent(fake.linear, { action: "prompted", agentSessionId, body: "local/gadgets please" });
      const session = await until("the session on gadgets", () =>
        getDb()
          .session.findFirst({ where: { repositoryId: gadgets.id } })
          .then((found) => found ?? undefined),
      );
      await until("the agent to be running", () =>
        getDb()
          .message.findFirst({ where: { sessionId: session.id, status: "processing" } })
          .then((found) => found ?? undefined),
      );
      await until("the slow step", () =>
        contents(agentSessionId).some((content) => content.type === "action" && content.action === "Run")
          ? true
          : undefined,
      );
      await sendAgentEvent(fake.linear, { action: "prompted", agentSessionId, body: "stop", signal: "stop" });
      const stopped = await turnEnded(agentSessionId, 2);
      expect(stopped.at(-1)).toMatchObject({
        type: "response",
        body: expect.stringContaining("Stopped, as you asked."),
      });
      const [prompt] = await getDb().message.findMany({ where: { sessionId: session.id } });
      expect(prompt!.content).toContain("Speed up the build");
      await until("the prompt to end", () =>
        getDb()
          .message.findUnique({ where: { id: prompt!.id } })
          .then((found) => (found && found.status !== "processing" ? found : undefined)),
      );
      // The stopped prompt's end is not posted as a second answer.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(contents(agentSessionId).filter((content) => ["response", "error"].includes(content.type))).toHaveLength(
        1,
      );
    },
  );
});
