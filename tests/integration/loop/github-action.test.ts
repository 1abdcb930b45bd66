// The GitHub Action, bundled (actions/dist/index.js), run as the runner runs it against a
// running Nightshift: the public API and the sandbox endpoints on NIGHTSHIFT_URL, real sandboxes
// with the real OpenCode driven by the fake model, the fake GitHub, and a fake of GitHub's OIDC
// issuer that Nightshift trusts through NIGHTSHIFT_GITHUB_OIDC_ISSUER.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { git } from "../../factories";
import { runClaims } from "../../fixtures/github/fake-oidc-issuer";
import { githubPerson, installedRepository, TEST_APP, withFakeGithubApp } from "../../support/github-app";
import { type RunActionOptions, runAction } from "../../support/run-action";
import { waitForMessage, withSessionLoop } from "../../support/session-loop";
import { withFakeOidcIssuer } from "../../support/oidc-issuer";

const fake = withFakeGithubApp();
const issuer = withFakeOidcIssuer();
const loop = withSessionLoop();

const url = () => process.env.NIGHTSHIFT_URL!;
let repo: { fullName: string; githubId: number; gitDir: string; id: string };
let ada: { id: string; githubId: number };

beforeAll(async () => {
  const installed = await installedRepository(fake.github, {
    owner: "acme",
    name: "engine",
    collaborators: { "ada-gh": "write" },
    git: {},
  });
  repo = { ...installed, id: installed.repository.id };
  const person = await githubPerson(fake.github, "ada-gh", "Ada");
  const account = await getDb().account.findFirstOrThrow({
    where: { userId: person.id },
    select: { providerAccountId: true },
  });
  ada = { id: person.id, githubId: Number(account.providerAccountId) };
});

/** The action in a run of `actor`'s, signing in with the run's OIDC token. */
function inRun(actor: { login: string; id: number }, inputs: Record<string, string>): RunActionOptions {
  issuer.setRun(
    runClaims({ repository: repo.fullName, repositoryId: repo.githubId, actor: actor.login, actorId: actor.id }),
  );
  return {
    inputs: { "nightshift-url": url(), ...inputs },
    env: { GITHUB_REPOSITORY: repo.fullName, GITHUB_ACTOR: actor.login, ...issuer.runnerEnv() },
  };
}

describe("the GitHub Action", () => {
  it(
    "runs a prompt to completion for the run's actor: steps in the log, outputs, a job summary, the commit on the branch",
    { timeout: 240_000 },
    async () => {
      loop.model.script([
        {
          toolCalls: [
            {
              name: "bash",
              arguments: {
                command: "printf 'hello\\n' > hello.txt && git add hello.txt && git commit -q -m 'Add hello.txt'",
                description: "Commit hello.txt",
              },
            },
          ],
        },
        { toolCalls: [{ name: "create-pull-request", arguments: { title: "Add hello.txt", body: "As asked." } }] },
        { text: "I added hello.txt and opened a pull request." },
      ]);
      const run = await runAction(
        inRun({ login: "ada-gh", id: ada.githubId }, { prompt: "Add hello.txt saying hello." }),
      );

      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      const sessionId = run.outputs["session-id"]!;
      expect(run.outputs).toMatchObject({
        status: "completed",
        "session-url": `${url()}/sessions/${sessionId}`,
        branch: `nightshift/${sessionId}`,
        summary: "I added hello.txt and opened a pull request.",
        "pull-request-url": expect.stringMatching(new RegExp(`/${repo.fullName}/pull/\\d+$`)),
      });
      expect(run.log).toContain(`Signed in to Nightshift for ${repo.fullName} as ada-gh.`);
      expect(run.log).toContain("✓ bash: Commit hello.txt");
      expect(run.log).toContain("  I added hello.txt and opened a pull request.");
      expect(run.log).toContain("■ finished");
      expect(issuer.audiences).toContain(url());

      expect(run.summary).toContain("✅ Nightshift finished");
      expect(run.summary).toContain(`<a href="${url()}/sessions/${sessionId}">`);
      expect(run.summary).toContain(`<a href="${run.outputs["pull-request-url"]}">Add hello.txt</a>`);
      expect(run.summary).toContain("Files changed");
      expect(run.summary).toContain("<td><code>hello.txt</code></td><td>1</td><td>0</td>");
      expect(run.summary).toContain("The agent's answer");
      expect(run.summary).toContain("I added hello.txt and opened a pull request.");

      // The work is the actor's, and their prompt reached the agent marked as the workflow's.
      const session = await getDb().session.findUniqueOrThrow({
        where: { id: sessionId },
        include: { messages: true },
      });
      expect(session.createdById).toBe(ada.id);
      expect(session.messages[0]).toMatchObject({ source: "action", authorId: ada.id, status: "completed" });
      expect(session.messages[0]!.content).toMatch(
        /^This prompt was sent by a GitHub Actions workflow run: \S+\/actions\/runs\/7000001\/attempts\/1 \(workflow acme\/engine-\S+, event workflow_dispatch, started by @ada-gh\)\./,
      );
      expect(session.messages[0]!.content).toContain(
        '<untrusted-content source="GitHub Actions workflow prompt">\nAdd hello.txt saying hello.\n</untrusted-content>',
      );
      expect(git(repo.gitDir, "show", `${session.branch}:hello.txt`)).toBe("hello");
      const { email } = await getDb().user.findUniqueOrThrow({ where: { id: ada.id } });
      expect(git(repo.gitDir, "log", "-1", "--format=%an <%ae>", session.branch)).toBe(`Ada <${email}>`);
    },
  );

  it(
    "with wait false returns with the session at once; a later step continues it; a run by someone unknown here acts as the App",
    { timeout: 240_000 },
    async () => {
      loop.model.script([{ text: "First answer." }, { text: "Second answer." }]);
      const stranger = { login: "stranger-gh", id: 424_242 };
      const first = await runAction(inRun(stranger, { prompt: "Say something.", wait: "false" }));
      expect(first.errors).toEqual([]);
      expect(first.outputs.status).toBe("queued");
      const sessionId = first.outputs["session-id"]!;
      const [queued] = await getDb().message.findMany({ where: { sessionId } });
      // Returned before the sandbox even booted.
      expect(queued!.status).not.toBe("completed");
      expect(first.summary).toContain("🕒 Nightshift has the prompt");
      const session = await getDb().session.findUniqueOrThrow({
        where: { id: sessionId },
        include: { createdBy: true },
      });
      expect(session.createdBy.githubLogin).toBe(`${TEST_APP.slug}[bot]`);
      await waitForMessage(queued!.id, ["completed"]);

      const second = await runAction(inRun(stranger, { prompt: "Say more.", "session-id": sessionId }));
      expect(second.errors).toEqual([]);
      expect(second.outputs).toMatchObject({ status: "completed", "session-id": sessionId, summary: "Second answer." });
      // Only the second prompt's steps are in its log.
      expect(second.log).not.toContain("First answer.");
      const messages = await getDb().message.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" } });
      expect(messages.map((message) => message.status)).toEqual(["completed", "completed"]);
      expect(messages[1]!.content).toContain("\nSay more.\n</untrusted-content>");
    },
  );

  it("refuses a forged OIDC token, or one for a repository Nightshift does not know, saying which", async () => {
    const sessionsBefore = await getDb().session.count();
    const refusal = async (options: RunActionOptions) => {
      const run = await runAction(options);
      expect(run.exitCode).toBe(1);
      expect(run.outputs["session-id"]).toBeUndefined();
      return run.errors.join("\n");
    };
    const actor = { login: "ada-gh", id: ada.githubId };
    try {
      issuer.forge("other-key");
      expect(await refusal(inRun(actor, { prompt: "x" }))).toMatch(/signature was not made by any key of/);
      issuer.forge("other-audience");
      expect(await refusal(inRun(actor, { prompt: "x" }))).toContain(`its audience is not "${url()}"`);
      issuer.forge("expired");
      expect(await refusal(inRun(actor, { prompt: "x" }))).toMatch(/it has expired/);
    } finally {
      issuer.forge("none");
    }
    const elsewhere = inRun(actor, { prompt: "x" });
    issuer.setRun(
      runClaims({ repository: "acme/unknown", repositoryId: 31_337, actor: "ada-gh", actorId: ada.githubId }),
    );
    expect(await refusal(elsewhere)).toContain("acme/unknown is not installed in Nightshift");
    // A job without id-token: write has no token to ask for.
    const withoutPermission = inRun(actor, { prompt: "x" });
    const {
      ACTIONS_ID_TOKEN_REQUEST_URL: _url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: _token,
      ...env
    } = withoutPermission.env;
    expect(await refusal({ ...withoutPermission, env })).toContain("add `permissions: id-token: write` to the job");
    expect(await refusal(inRun(actor, {}))).toContain("Give the prompt");
    expect(await getDb().session.count()).toBe(sessionsBefore);
  });

  it(
    "fails the step with the session's link when the wait runs out, and the session goes on",
    { timeout: 240_000 },
    async () => {
      const slow = Array.from({ length: 40 }, (_, index) => `word${index}`).join(" ");
      loop.model.script([{ text: slow, chunkDelayMs: 300 }]);
      const run = await runAction(
        inRun({ login: "ada-gh", id: ada.githubId }, { prompt: "Take your time.", "timeout-minutes": "0.05" }),
      );
      expect(run.exitCode).toBe(1);
      const sessionId = run.outputs["session-id"]!;
      expect(run.outputs.status).toBe("timed-out");
      expect(run.errors.join("\n")).toContain(`the session goes on: ${url()}/sessions/${sessionId}`);
      expect(run.summary).toContain("⏳ Nightshift is still working");
      const [message] = await getDb().message.findMany({ where: { sessionId } });
      expect((await waitForMessage(message!.id, ["completed"])).status).toBe("completed");
    },
  );
});
