// The prompt queue with a real sandbox: prompts run one after the other, a cancelled one never
// runs, and a stopped one ends within 5 s and lets the next one run.
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { asActor } from "../../factories";
import { cancelPrompt } from "@/server/sessions/cancel-prompt";
import { stopPrompt } from "@/server/sessions/stop-prompt";
import {
  newLoopSession,
  sendPrompt,
  withSessionLoop,
  timelineOf,
  waitForMessage,
  waitForEvent,
} from "../../support/session-loop";

const loop = withSessionLoop();

describe("the prompt queue in a sandbox", () => {
  it(
    "runs two prompts one after the other, and never runs a third cancelled while it waits",
    { timeout: 120_000 },
    async () => {
      const { user, session } = await newLoopSession({ name: "Grace Hopper" });
      loop.model.script([{ text: "Answer one." }, { text: "Answer two." }, { text: "Answer three." }]);
      const first = await sendPrompt(session.id, user.id, "First prompt");
      const second = await sendPrompt(session.id, user.id, "Second prompt");
      const third = await sendPrompt(session.id, user.id, "Third prompt");
      await cancelPrompt({ sessionId: session.id, messageId: third.id, actor: asActor(user) });

      const one = await waitForMessage(first.id, ["completed", "failed"]);
      const two = await waitForMessage(second.id, ["completed", "failed"]);
      expect([one.status, two.status]).toEqual(["completed", "completed"]);
      expect(two.startedAt!.getTime()).toBeGreaterThanOrEqual(one.finishedAt!.getTime());

      const events = await timelineOf(session.id);
      const text = (messageId: string) =>
        events
          .filter((event) => event.messageId === messageId && event.type === "token")
          .map((event) => (event.data as { text: string }).text)
          .join("");
      expect(text(first.id)).toBe("Answer one.");
      expect(text(second.id)).toBe("Answer two.");
      expect(events.filter((event) => event.messageId === third.id)).toEqual([]);
      expect((await getDb().message.findUniqueOrThrow({ where: { id: third.id } })).status).toBe("cancelled");
      const asked = loop.model.requests
        .filter((request) => !request.isTitleRequest)
        .map((request) => JSON.stringify(request.messages));
      expect(asked.some((messages) => messages.includes("Third prompt"))).toBe(false);
      // Both ran in the one sandbox the session has.
      expect(await getDb().sandbox.count({ where: { sessionId: session.id } })).toBe(1);
    },
  );

  it(
    "stops a running prompt within 5 s, failed as stopped by its stopper, and runs the next",
    { timeout: 120_000 },
    async () => {
      const { user, session } = await newLoopSession({ name: "Grace Hopper" });
      const longAnswer = Array.from({ length: 300 }, (_, index) => `word${index}`).join(" ");
      loop.model.script([{ text: longAnswer, chunkDelayMs: 100 }, { text: "The next one ran." }]);
      const running = await sendPrompt(session.id, user.id, "Write a very long answer");
      const next = await sendPrompt(session.id, user.id, "Then this");

      await waitForEvent(session.id, (event) => event.messageId === running.id && event.type === "token");
      const stoppedAt = Date.now();
      expect(await stopPrompt({ sessionId: session.id, actor: asActor(user) })).toEqual({
        messageId: running.id,
        state: "stopping",
      });

      const stopped = await waitForMessage(running.id, ["completed", "failed"], 5_000);
      expect(Date.now() - stoppedAt).toBeLessThanOrEqual(5_000);
      expect(stopped).toMatchObject({ status: "failed", error: "stopped by Grace Hopper" });
      const streamed = (await timelineOf(session.id))
        .filter((event) => event.messageId === running.id && event.type === "token")
        .map((event) => (event.data as { text: string }).text)
        .join("");
      expect(streamed.length).toBeLessThan(longAnswer.length);

      expect(await waitForMessage(next.id, ["completed", "failed"])).toMatchObject({
        status: "completed",
        error: null,
      });
      const complete = (await timelineOf(session.id))
        .filter((event) => event.type === "execution_complete")
        .map((event) => [event.messageId, event.data]);
      expect(complete).toEqual([
        [running.id, { success: false, reason: "stopped by Grace Hopper" }],
        [next.id, { success: true }],
      ]);
    },
  );
});
