// The heart of Nightshift, end to end: a prompt runs in a real local sandbox (the bridge, real
// OpenCode, real git) against the scripted fake model, and its commit lands on the session
// branch of the repository on disk, authored by the person who asked.
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { createSession } from "@/server/sessions/create-session";
import { createLocalRepository, createUser, git, asActor } from "../../factories";
import { withSessionLoop, timelineOf, waitForMessage } from "../../support/session-loop";

const loop = withSessionLoop();

describe("a prompt in a local sandbox", () => {
  it(
    "commits hello.txt on the session branch, authored by the prompter and committed by the bot",
    { timeout: 120_000 },
    async () => {
      const user = await createUser({ name: "Ada Lovelace", email: "ada@example.com" });
      const repository = await createLocalRepository(user.id);
      loop.model.script([
        { toolCalls: [{ name: "write", arguments: { filePath: "hello.txt", content: "hi" } }] },
        {
          toolCalls: [
            {
              name: "bash",
              arguments: {
                command: "git add hello.txt && git commit -q -m 'Add hello.txt'",
                description: "Commit hello.txt",
              },
            },
          ],
        },
        { text: "I created hello.txt containing hi and committed it.", chunkDelayMs: 5 },
      ]);

      const session = await createSession({
        repositoryId: repository.id,
        actor: asActor(user),
        prompt: { content: "Create hello.txt containing hi and commit it.", source: "api" },
      });
      const [message] = await getDb().message.findMany({ where: { sessionId: session.id } });
      const finished = await waitForMessage(message!.id, ["completed", "failed"]);
      expect(finished.error).toBeNull();
      expect(finished.status).toBe("completed");

      const { externalId: origin } = await getDb().repository.findUniqueOrThrow({ where: { id: repository.id } });
      expect(git(origin, "show", `${session.branch}:hello.txt`)).toBe("hi");
      const [author, committer, subject] = git(
        origin,
        "log",
        "-1",
        "--format=%an <%ae>%n%cn <%ce>%n%s",
        session.branch,
      ).split("\n");
      expect(author).toBe("Ada Lovelace <ada@example.com>");
      expect(committer).toBe("Nightshift <nightshift-bot@users.noreply.github.com>");
      expect(subject).toBe("Add hello.txt");

      const events = await timelineOf(session.id);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
      // Everything a real run sends fits its schema: nothing arrived as an error or a warning.
      expect(events.filter((event) => event.type === "error" || event.type === "warning")).toEqual([]);
      const ofPrompt = events.filter((event) => event.messageId === message!.id);
      const types = ofPrompt.map((event) => event.type);
      expect(types[0]).toBe("user_message");
      expect(types.at(-1)).toBe("execution_complete");
      expect(ofPrompt.at(-1)!.data).toEqual({ success: true });
      expect(types).toContain("step_finish");

      const text = ofPrompt
        .filter((event) => event.type === "token")
        .map((event) => (event.data as { text: string }).text)
        .join("");
      expect(text).toContain("I created hello.txt containing hi and committed it.");

      const toolStatuses = (tool: string) =>
        ofPrompt
          .filter((event) => event.type === "tool_call" && (event.data as { tool: string }).tool === tool)
          .map((event) => (event.data as { status: string }).status);
      expect(toolStatuses("write")[0]).toBe("pending");
      expect(toolStatuses("write").at(-1)).toBe("completed");
      expect(toolStatuses("bash")[0]).toBe("pending");
      expect(toolStatuses("bash").at(-1)).toBe("completed");

      const after = await getDb().session.findUniqueOrThrow({
        where: { id: session.id },
        include: { artifacts: true },
      });
      expect(after.status).toBe("completed");
      expect(after.title).toBe(loop.model.title);
      expect(after.artifacts).toEqual([
        expect.objectContaining({ kind: "branch", metadata: expect.objectContaining({ branch: session.branch }) }),
      ]);
    },
  );
});
