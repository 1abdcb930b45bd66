// A session on a GitHub repository, end to end against the fake GitHub: the bridge clones and
// pushes over HTTPS-style git through its credential helper, which asks the control plane for an
// installation token limited to that repository — and no token is ever in the sandbox's
// environment or files.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { createSession } from "@/server/sessions/create-session";
import { git, asActor } from "../../factories";
import { githubPerson, installedRepository, withFakeGithubApp } from "../../support/github-app";
import { withSessionLoop, waitForMessage } from "../../support/session-loop";

const fake = withFakeGithubApp();
const loop = withSessionLoop();

/** Every file under `dir` that contains one of `secrets` (unreadable ones skipped). */
function filesContaining(dir: string, secrets: string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const file = path.join(dir, entry);
    try {
      if (!statSync(file).isFile()) continue;
      const content = readFileSync(file, "latin1");
      if (secrets.some((secret) => content.includes(secret))) found.push(file);
    } catch {
      // Gone or unreadable meanwhile.
    }
  }
  return found;
}

/** The sandbox's processes (the bridge, OpenCode and what it runs): how many, and which have one of `secrets` in their environment. */
function environmentsContaining(sandboxId: string, secrets: string[]): { scanned: number; found: string[] } {
  const found: string[] = [];
  let scanned = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8");
      if (environ.includes(`NIGHTSHIFT_SANDBOX_ID=${sandboxId}`) || environ.includes(`sandboxes/${sandboxId}`)) {
        scanned += 1;
        if (secrets.some((secret) => environ.includes(secret)))
          found.push(readFileSync(`/proc/${entry}/cmdline`, "utf8"));
      }
    } catch {
      // Ended meanwhile.
    }
  }
  return { scanned, found };
}

describe("a session on a GitHub repository", () => {
  it(
    "clones and pushes through the credential helper with a token for that repository only, and keeps no token in the sandbox",
    { timeout: 150_000 },
    async () => {
      const { github } = fake;
      const {
        repository,
        fullName,
        gitDir: bare,
      } = await installedRepository(github, {
        owner: "acme",
        name: "engine",
        collaborators: { "ada-gh": "write" },
        git: { files: { "README.md": "# Engine\n" } },
      });
      const user = await githubPerson(github, "ada-gh", "Ada Lovelace");

      loop.model.script([
        {
          toolCalls: [
            {
              name: "bash",
              arguments: {
                command:
                  "printf 'hi\\n' > hello.txt && git add hello.txt && git commit -q -m 'Add hello.txt' && env > env.txt && git config --list > config.txt",
                description: "Commit hello.txt",
              },
            },
          ],
        },
        { text: "Done." },
      ]);
      const session = await createSession({
        repositoryId: repository.id,
        actor: asActor(user),
        prompt: { content: "Add hello.txt", source: "api" },
      });
      const [message] = await getDb().message.findMany({ where: { sessionId: session.id } });
      const finished = await waitForMessage(message!.id, ["completed", "failed"]);
      expect(finished.error).toBeNull();

      // Pushed to "GitHub": the session branch with the agent's commit (and the files it left, committed for it).
      expect(git(bare, "log", "-2", "--format=%s", session.branch).split("\n")).toEqual([
        "Nightshift: Add hello.txt",
        "Add hello.txt",
      ]);
      expect(git(bare, "show", `${session.branch}:hello.txt`)).toBe("hi");

      // Through tokens limited to this repository, over authenticated git requests.
      const tokens = github.app!.issued.filter((issued) => issued.repositories?.includes(repository.name));
      expect(tokens.length).toBeGreaterThanOrEqual(2); // clone (and ls-remote), push
      expect(
        github.app!.issued.every((issued) => issued.repositories?.length === 1 || issued.repositories === null),
      ).toBe(true);
      expect(
        github.requests.filter((request) => request.path === `/${fullName}.git/git-receive-pack`).length,
      ).toBeGreaterThan(0);

      // Nothing of them in the sandbox: not in any process's environment, not in any file.
      const secrets = github.app!.issued.map((issued) => issued.token);
      const sandbox = await getDb().sandbox.findFirstOrThrow({ where: { sessionId: session.id } });
      const environments = environmentsContaining(sandbox.id, secrets);
      expect(environments.scanned).toBeGreaterThanOrEqual(2);
      expect(environments.found).toEqual([]);
      const dir = path.resolve(getEnv().NIGHTSHIFT_DATA_DIR, "sandboxes", sandbox.id);
      expect(readFileSync(path.join(dir, "workspace", "repo", "env.txt"), "utf8")).toContain("HOME=");
      expect(filesContaining(dir, secrets)).toEqual([]);
    },
  );
});
