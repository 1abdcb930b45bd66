// What a sandbox sends that Postgres could not store, through the real sandbox route handlers:
// output holding NUL characters or broken UTF-16 is stored (as U+FFFD) instead of being refused
// forever, an event naming another session's prompt is kept from it, and numbers past Postgres's
// integers answer 400, not 500. Found by the fuzz (tests/integration/api/fuzz-doors.test.ts).
import { describe, expect, it } from "vitest";
import * as ackRoute from "@/app/api/sandbox/commands/ack/route";
import * as commandsRoute from "@/app/api/sandbox/commands/route";
import * as eventsRoute from "@/app/api/sandbox/events/route";
import { getDb } from "@/server/db";
import { createSession } from "@/server/sessions/create-session";
import { asActor, createLiveSandbox, createLocalRepository, createUser } from "../../factories";

/** A session with one prompt and a live sandbox whose token is returned. */
async function liveSandbox() {
  const user = await createUser();
  const repository = await createLocalRepository(user.id);
  const session = await createSession({
    repositoryId: repository.id,
    actor: asActor(user),
    prompt: { content: "Print a binary file", source: "api" },
  });
  const message = await getDb().message.findFirstOrThrow({ where: { sessionId: session.id } });
  const { token } = await createLiveSandbox(session.id);
  return { session, message, token };
}

async function call(handler: (req: Request) => Promise<Response>, token: string, path: string, body?: unknown) {
  const response = await handler(
    new Request(`http://localhost${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const timelineOf = (sessionId: string) =>
  getDb().event.findMany({ where: { sessionId, type: "tool_call" }, orderBy: { seq: "asc" } });

describe("a sandbox's event batches", () => {
  it("store output holding NUL characters and broken UTF-16 with U+FFFD in their place", async () => {
    const { session, message, token } = await liveSandbox();
    const output = "PK\u0003\u0004\u0000\u0000 half a pair: \ud83d, and whole: \ud83d\ude80";
    const toolCall = { callId: "c1", tool: "bash", status: "completed", input: { command: "cat a.zip" }, output };
    const stored = await call(eventsRoute.POST, token, "/api/sandbox/events", {
      batch: 1,
      events: [{ type: "tool_call", data: toolCall, messageId: message.id }],
    });
    expect(stored).toEqual({ status: 200, json: { lastBatch: 1 } });
    const next = await call(eventsRoute.POST, token, "/api/sandbox/events", {
      batch: 2,
      events: [{ type: "tool_call", data: { ...toolCall, callId: "c2", output: "fine" }, messageId: message.id }],
    });
    expect(next).toEqual({ status: 200, json: { lastBatch: 2 } });

    const events = await timelineOf(session.id);
    expect(events.map((event) => (event.data as { output: string }).output)).toEqual([
      "PK\u0003\u0004\ufffd\ufffd half a pair: \ufffd, and whole: \ud83d\ude80",
      "fine",
    ]);
  });

  it("keep an event that names another session's prompt away from it, as an error event of no prompt", async () => {
    const { session, token } = await liveSandbox();
    const other = await liveSandbox();
    const stored = await call(eventsRoute.POST, token, "/api/sandbox/events", {
      batch: 1,
      events: [
        {
          type: "execution_complete",
          data: { success: false, reason: "ended from elsewhere" },
          messageId: other.message.id,
        },
      ],
    });
    expect(stored).toEqual({ status: 200, json: { lastBatch: 1 } });
    const [event] = await getDb().event.findMany({ where: { sessionId: session.id } });
    expect(event).toMatchObject({
      type: "error",
      messageId: null,
      data: {
        message: `The sandbox sent an event (execution_complete) for a prompt that is not one of this session's (${other.message.id}).`,
      },
    });
    expect(await getDb().event.count({ where: { sessionId: other.session.id } })).toBe(0);
    expect(await getDb().message.findUniqueOrThrow({ where: { id: other.message.id } })).toMatchObject({
      status: expect.not.stringMatching(/failed|completed/),
    });
  });
});

describe("numbers past Postgres's integers", () => {
  it("are refused with 400 in a batch, a command poll and an acknowledgement", async () => {
    const { token } = await liveSandbox();
    const tooLarge = 2 ** 31;
    const batch = await call(eventsRoute.POST, token, "/api/sandbox/events", {
      batch: tooLarge,
      events: [{ type: "warning", data: { message: "x" } }],
    });
    const poll = await call(commandsRoute.GET, token, `/api/sandbox/commands?after=${Number.MAX_SAFE_INTEGER}`);
    const ack = await call(ackRoute.POST, token, "/api/sandbox/commands/ack", { seq: tooLarge });
    for (const answer of [batch, poll, ack])
      expect(answer).toMatchObject({ status: 400, json: { error: { code: "VALIDATION" } } });
    expect(await call(commandsRoute.GET, token, `/api/sandbox/commands?after=${tooLarge - 1}`)).toEqual({
      status: 200,
      json: { commands: [] },
    });
  });
});
