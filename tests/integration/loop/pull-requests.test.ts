// The agent's create-pull-request tool, end to end against the fake GitHub: the real OpenCode
// calls the tool the bridge installed, the bridge pushes the branch, and the control plane opens
// the pull request with the prompting person's own token — then, called again, updates it.
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { asActor } from "../../factories";
import { createSession } from "@/server/sessions/create-session";
import { githubPerson, installedRepository, withFakeGithubApp } from "../../support/github-app";
import { sendPrompt, withSessionLoop, timelineOf, waitForMessage } from "../../support/session-loop";

const fake = withFakeGithubApp();
const loop = withSessionLoop();

const pullRequest = (args: Record<string, unknown>) => ({
  toolCalls: [{ name: "create-pull-request", arguments: args }],
});

describe("the create-pull-request tool", () => {
  it(
    "opens the session branch's pull request as the person who asked, and updates the same one when called again",
    { timeout: 150_000 },
    async () => {
      const { github } = fake;
      const { repository, fullName } = await installedRepository(github, {
        owner: "acme",
        name: "engine",
        collaborators: { "ada-gh": "write" },
        git: {},
      });
      const ada = await githubPerson(github, "ada-gh", "Ada Lovelace");

      loop.model.script([
        {
          toolCalls: [
            {
              name: "bash",
              arguments: {
                command: "printf 'hi\\n' > hello.txt && git add hello.txt && git commit -q -m 'Add hello.txt'",
                description: "Commit",
              },
            },
          ],
        },
        pullRequest({ title: "Add hello.txt", body: "Adds a greeting." }),
        { text: "Opened the pull request." },
        pullRequest({ title: "Add hello.txt, politely", body: "Adds a polite greeting.", draft: true }),
        { text: "Updated it." },
      ]);
      const session = await createSession({
        repositoryId: repository.id,
        actor: asActor(ada),
        prompt: { content: "Add hello.txt and open a PR", source: "api" },
      });
      const [first] = await getDb().message.findMany({ where: { sessionId: session.id } });
      expect(await waitForMessage(first!.id, ["completed", "failed"])).toMatchObject({
        status: "completed",
        error: null,
      });
      const second = await sendPrompt(session.id, ada.id, "Make the title politer");
      expect(await waitForMessage(second.id, ["completed", "failed"])).toMatchObject({ status: "completed" });

      // One pull request, Ada's own, from the session branch, updated by the second call.
      expect(github.pullRequests).toHaveLength(1);
      const [pr] = github.pullRequests;
      expect(pr).toMatchObject({
        repository: fullName,
        number: 1,
        head: session.branch,
        base: "main",
        openedBy: "ada-gh",
        title: "Add hello.txt, politely",
        draft: false,
      });
      expect(pr!.body).toMatch(
        /^Adds a polite greeting\.\n\n---\n\[Open the session in Nightshift\]\(http:\/\/127\.0\.0\.1:\d+\/sessions\/[\w-]+\)$/,
      );

      // The agent was told, the page shows it, and the session has it as an artifact.
      const events = await timelineOf(session.id);
      const toolOutputs = events
        .filter(
          (event) =>
            event.type === "tool_call" &&
            (event.data as { tool: string; status: string }).tool === "create-pull-request" &&
            (event.data as { status: string }).status === "completed",
        )
        .map((event) => (event.data as { output: string }).output);
      expect(toolOutputs).toEqual([
        `Opened pull request #1: https://github.com/${fullName}/pull/1`,
        `Updated pull request #1: https://github.com/${fullName}/pull/1`,
      ]);
      expect(
        events
          .filter((event) => event.type === "pull_request")
          .map((event) => (event.data as { action: string }).action),
      ).toEqual(["created", "updated"]);
      const artifacts = await getDb().artifact.findMany({ where: { sessionId: session.id, kind: "pr" } });
      expect(artifacts).toHaveLength(1);
      expect(artifacts[0]).toMatchObject({
        url: `https://github.com/${fullName}/pull/1`,
        metadata: { number: 1, title: "Add hello.txt, politely", state: "open", openedAs: "user" },
      });
    },
  );
});
