// A secret in a real sandbox: injected into its environment when it is created, usable by the
// agent's commands — and wherever its value shows up in what the agent did, the timeline holds
// [secret:NAME] instead.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setSecrets } from "@/server/secrets/secrets";
import { newLoopSession, sendPrompt, withSessionLoop, timelineOf, waitForMessage } from "../../support/session-loop";

const loop = withSessionLoop();

describe("secrets in a sandbox", () => {
  it(
    "reach the agent's commands, and the timeline shows [secret:NAME] instead of the value",
    { timeout: 120_000 },
    async () => {
      const { user, repository, session } = await newLoopSession();
      const value = `tok_${randomBytes(12).toString("hex")}`;
      await setSecrets({
        ref: { scope: "repository", repositoryId: repository.id },
        changes: [{ key: "deploy_token", value }],
        actorId: user.id,
      });
      loop.model.script([
        {
          toolCalls: [
            {
              name: "bash",
              arguments: { command: 'echo "the token is $DEPLOY_TOKEN"', description: "Print the token" },
            },
          ],
        },
        { text: `I printed it: ${value}.` },
      ]);
      const message = await sendPrompt(session.id, user.id, `Print DEPLOY_TOKEN (it should be ${value})`);
      expect(await waitForMessage(message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });

      const events = await timelineOf(session.id);
      const stored = JSON.stringify(events.map((event) => event.data));
      expect(stored).not.toContain(value);
      const output = events
        .filter((event) => event.type === "tool_call" && (event.data as { status: string }).status === "completed")
        .map((event) => (event.data as { output: string }).output);
      expect(output.join("")).toContain("the token is [secret:DEPLOY_TOKEN]");
      const text = events
        .filter((event) => event.type === "token")
        .map((event) => (event.data as { text: string }).text)
        .join("");
      expect(text).toContain("I printed it: [secret:DEPLOY_TOKEN].");
      const prompt = events.find((event) => event.type === "user_message")!.data as { content: string };
      expect(prompt.content).toBe("Print DEPLOY_TOKEN (it should be [secret:DEPLOY_TOKEN])");
    },
  );
});
