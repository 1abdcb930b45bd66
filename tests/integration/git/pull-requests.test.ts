// Opening a session branch's pull request, as the control plane does it for a sandbox: with the
// App's token when the person who asked has no GitHub token of theirs (naming them), refused
// while the branch is not pushed, and for a local repository a review of the branch instead.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { openPullRequestFor } from "@/server/sandboxes/pull-requests";
import { createLocalRepository, createUser, git, temporaryDir } from "../../factories";
import { installedRepository, TEST_APP, withFakeGithubApp } from "../../support/github-app";

const fake = withFakeGithubApp();
let bare: string;
let githubRepositoryId: string;

beforeAll(async () => {
  const installed = await installedRepository(fake.github, {
    owner: "acme",
    name: "engine",
    collaborators: {},
    git: {},
  });
  bare = installed.gitDir;
  githubRepositoryId = installed.repository.id;
});

/** A session (made as a bot would, without a person's GitHub sign-in), its sandbox, and a prompt of `person`'s. */
async function sessionOn(repositoryId: string, person: { id: string }) {
  const key = randomBytes(4).toString("hex");
  const session = await getDb().session.create({
    data: {
      repositoryId,
      baseBranch: "main",
      branch: `nightshift/pr-${key}`,
      model: "custom/fake-coder",
      createdById: person.id,
    },
  });
  const sandbox = await getDb().sandbox.create({
    data: { sessionId: session.id, provider: "local", status: "running", bootMode: "fresh", tokenHash: `pr-${key}` },
  });
  const message = await getDb().message.create({
    data: {
      sessionId: session.id,
      authorId: person.id,
      content: "Open a PR",
      source: "slack",
      status: "processing",
      clientRequestId: key,
    },
  });
  return { session, sandbox: { id: sandbox.id, sessionId: session.id }, messageId: message.id };
}

/** Pushes a commit to `branch` of the bare repository, as the bridge would have; returns it. */
async function pushCommit(branch: string): Promise<string> {
  const work = `${await temporaryDir()}/work`;
  git(await temporaryDir(), "clone", "-q", bare, work);
  git(work, "checkout", "-q", "-b", branch);
  git(work, "commit", "-q", "--allow-empty", "-m", "Work");
  git(work, "push", "-q", "origin", branch);
  return git(work, "rev-parse", "HEAD");
}

describe("opening a pull request for a session", () => {
  it("uses the App's token when the person has no GitHub sign-in, and names them in the body", async () => {
    const repository = await getDb().repository.findUniqueOrThrow({ where: { id: githubRepositoryId } });
    const grace = await createUser({ name: "Grace Hopper" });
    const { session, sandbox, messageId } = await sessionOn(repository.id, grace);
    const head = await pushCommit(session.branch);

    const reply = await openPullRequestFor(sandbox, {
      title: "Fix the build",
      body: "Pins the compiler.",
      messageId,
      head,
    });
    expect(reply).toMatchObject({
      action: "created",
      onGithub: true,
      url: expect.stringMatching(/^https:\/\/github\.com\/acme\/engine-\w+\/pull\/\d+$/),
    });
    const pr = fake.github.pullRequests.find((candidate) => candidate.head === session.branch)!;
    expect(pr.openedBy).toBe(`${TEST_APP.slug}[bot]`);
    expect(pr.body).toContain(
      "Pins the compiler.\n\nRequested by Grace Hopper in Nightshift.\n\n---\n[Open the session in Nightshift](",
    );
    const artifact = await getDb().artifact.findFirstOrThrow({ where: { sessionId: session.id, kind: "pr" } });
    expect(artifact.metadata).toMatchObject({ openedAs: "app", state: "open" });
  });

  it("follows the repository's settings: a draft, with its label", async () => {
    const repository = await getDb().repository.findUniqueOrThrow({ where: { id: githubRepositoryId } });
    await getDb().repositorySettings.upsert({
      where: { repositoryId: repository.id },
      create: { repositoryId: repository.id, draftPullRequests: true, pullRequestLabel: "nightshift" },
      update: { draftPullRequests: true, pullRequestLabel: "nightshift" },
    });
    const { session, sandbox, messageId } = await sessionOn(repository.id, await createUser());
    const head = await pushCommit(session.branch);
    await openPullRequestFor(sandbox, { title: "Tidy", body: "", messageId, head });
    expect(fake.github.pullRequests.find((candidate) => candidate.head === session.branch)).toMatchObject({
      draft: true,
      labels: ["nightshift"],
    });
    await getDb().repositorySettings.delete({ where: { repositoryId: repository.id } });
  });

  it("refuses while the branch is not on GitHub at the commit the sandbox names", async () => {
    const repository = await getDb().repository.findUniqueOrThrow({ where: { id: githubRepositoryId } });
    const { sandbox, messageId } = await sessionOn(repository.id, await createUser());
    await expect(
      openPullRequestFor(sandbox, { title: "Too early", body: "", messageId, head: "a".repeat(40) }),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(
        /^The branch nightshift\/pr-\w+ is not on GitHub at aaaaaaaa yet; push it first\.$/,
      ),
    });
  });

  it("records a local repository's branch for review in Nightshift, once, updated by a second call", async () => {
    const ada = await createUser({ name: "Ada" });
    const repository = await createLocalRepository(ada.id);
    const { session, sandbox, messageId } = await sessionOn(repository.id, ada);
    const first = await openPullRequestFor(sandbox, {
      title: "Draft",
      body: "First go",
      messageId,
      head: "b".repeat(40),
    });
    const second = await openPullRequestFor(sandbox, {
      title: "Final",
      body: "Second go",
      messageId,
      head: "c".repeat(40),
    });
    expect([first.action, second.action]).toEqual(["created", "updated"]);
    expect(second).toMatchObject({
      onGithub: false,
      number: null,
      url: expect.stringMatching(new RegExp(`/sessions/${session.id}#files$`)),
    });
    const artifacts = await getDb().artifact.findMany({ where: { sessionId: session.id, kind: "pr" } });
    expect(artifacts.map((artifact) => artifact.metadata)).toEqual([
      expect.objectContaining({ title: "Final", body: "Second go", head: "c".repeat(40), local: true, base: "main" }),
    ]);
  });
});
