// The session loop for integration tests (./session-loop-server.ts), with pg-boss workers in a
// schema of this test file's own, and helpers to drive it. Sandboxes are real local sandboxes
// running the real bridge and the real OpenCode.
import { afterAll, beforeAll } from "vitest";
import { getDb } from "@/server/db";
import type { MessageStatus } from "@/server/generated/prisma/client";
import { createSession } from "@/server/sessions/create-session";
import { enqueuePrompt } from "@/server/sessions/enqueue-prompt";
import { createLocalRepository, createUser, asActor } from "../factories";
import { withOwnDatabase } from "./own-database";
import { type SessionLoop, startSessionLoop } from "./session-loop-server";

/**
 * The session loop for this test file, in a database of the file's own: started before its
 * tests, stopped after them. Call it after anything the loop's configuration depends on
 * (withFakeGithubApp, say), before any other hook that uses the database.
 */
export function withSessionLoop(): Omit<SessionLoop, "stop"> {
  // The loop's sweeps act on every session and sandbox in its database, and its stop stops
  // every sandbox there: a database of the file's own keeps them to the file's own.
  withOwnDatabase();
  let loop: SessionLoop | undefined;
  beforeAll(async () => {
    loop = await startSessionLoop();
  });
  afterAll(async () => {
    await loop?.stop();
  });
  const current = () => {
    if (!loop) throw new Error("The session loop starts in beforeAll; use it inside tests.");
    return loop;
  };
  return {
    get model() {
      return current().model;
    },
    failEventsUntil: (until) => current().failEventsUntil(until),
    refusedEventBatches: () => current().refusedEventBatches(),
  };
}

/** A person, a local repository of theirs, and a session on it with nothing queued yet. */
export async function newLoopSession(person: { name?: string } = {}) {
  const user = await createUser(person);
  const repository = await createLocalRepository(user.id);
  const session = await createSession({ repositoryId: repository.id, actor: asActor(user) });
  return { user, repository, session };
}

/** Queues a prompt as the public API would; returns the queued message. */
export async function sendPrompt(sessionId: string, authorId: string, content: string) {
  const { message } = await enqueuePrompt({ sessionId, actor: asActor({ id: authorId }), source: "api", content });
  return message;
}

/** Polls until the prompt reaches one of `statuses`; returns it. */
export async function waitForMessage(messageId: string, statuses: MessageStatus[], timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = await getDb().message.findUniqueOrThrow({ where: { id: messageId } });
    if (statuses.includes(message.status)) return message;
    if (Date.now() > deadline) throw new Error(`message ${messageId} is still ${message.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The session's timeline, in order. */
export async function timelineOf(sessionId: string) {
  return getDb().event.findMany({ where: { sessionId }, orderBy: { seq: "asc" } });
}

type TimelineEvent = Awaited<ReturnType<typeof timelineOf>>[number];

/** Polls the timeline until an event matches; returns it. */
export async function waitForEvent(
  sessionId: string,
  matches: (event: TimelineEvent) => boolean,
  timeoutMs = 90_000,
): Promise<TimelineEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await timelineOf(sessionId)).find(matches);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching event in session ${sessionId} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls until `probe` finds something (anything but undefined); returns it. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 90_000,
): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const found = await probe();
    if (found !== undefined) return found;
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
}

/** The fake model's script for one prompt: write `file`, commit it, then answer. */
export function commitFileScript(file: string, options: { content?: string; answer?: string } = {}) {
  return [
    {
      toolCalls: [
        {
          name: "bash",
          arguments: {
            command: `printf '${options.content ?? "checked"}\\n' > ${file} && git add ${file} && git commit -q -m 'Add ${file}'`,
            description: `Commit ${file}`,
          },
        },
      ],
    },
    { text: options.answer ?? `I added ${file}.` },
  ];
}
