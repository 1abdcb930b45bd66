// Warming: typing in a session without a sandbox starts one, and the prompt then runs in it.
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { asActor } from "../../factories";
import { enqueuePrompt } from "@/server/sessions/enqueue-prompt";
import { requestWarm } from "@/server/sessions/request-warm";
import { newLoopSession, withSessionLoop, timelineOf, waitForEvent, waitForMessage } from "../../support/session-loop";

const loop = withSessionLoop();

describe("warming a sandbox", () => {
  it("boots the sandbox before the prompt is sent, and the prompt runs in it", { timeout: 120_000 }, async () => {
    const { user, session } = await newLoopSession();
    await requestWarm({ sessionId: session.id, actor: asActor(user) });
    await requestWarm({ sessionId: session.id, actor: asActor(user) });
    const ready = await waitForEvent(
      session.id,
      (event) => event.type === "sandbox_status" && (event.data as { status: string }).status === "ready",
    );

    loop.model.script([{ text: "Warm already." }]);
    const { message } = await enqueuePrompt({
      sessionId: session.id,
      actor: asActor(user),
      source: "web",
      content: "Go",
    });
    expect(await waitForMessage(message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
    expect(await getDb().sandbox.count({ where: { sessionId: session.id } })).toBe(1);
    const started = (await timelineOf(session.id)).find((event) => event.type === "user_message");
    expect(started!.seq).toBeGreaterThan(ready.seq);
  });
});
