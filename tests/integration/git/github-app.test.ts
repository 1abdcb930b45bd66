// Repositories through the GitHub App, against the fake GitHub (real Octokit, GitHub-shaped
// payloads): the installations' repositories become Nightshift's, with their default branch,
// description and visibility; renames keep the row; branches are listed from GitHub.
import { beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db";
import { syncGithubRepositories } from "@/server/repositories/sync-github-repositories";
import type { CurrentUser } from "@/server/users/get-user";
import { createGitRepository, randomKey } from "../../factories";
import { githubPerson, withFakeGithubApp } from "../../support/github-app";

const fake = withFakeGithubApp();
let ada: CurrentUser;
const owner = `acme-${randomKey()}`;

beforeAll(async () => {
  const { github } = fake;
  const bare = await createGitRepository({ name: "engine", bare: true, branches: ["feature/login", "release"] });
  github.app!.installations.push({ id: 42, account: owner }, { id: 77, account: "elsewhere" });
  github.repositories.push(
    {
      fullName: `${owner}/engine`,
      id: 9101,
      private: true,
      description: "The engine room",
      installationId: 42,
      gitDir: bare,
      collaborators: { "ada-gh": "write" },
    },
    {
      fullName: `${owner}/docs`,
      id: 9102,
      private: false,
      description: null,
      defaultBranch: "trunk",
      installationId: 42,
      collaborators: {},
    },
    { fullName: `${owner}/not-installed`, id: 9103, private: true, collaborators: { "ada-gh": "admin" } },
  );
  ada = await githubPerson(github, "ada-gh", "Ada");
});

describe("repositories from the GitHub App", () => {
  it("lists the installations' repositories with their default branch, description and visibility", async () => {
    const listed = (await createCaller({ user: ada }).repository.list()).filter(
      (repository) => repository.owner === owner,
    );
    expect(
      listed
        .map(({ provider, name, defaultBranch, description, isPrivate }) => ({
          provider,
          name,
          defaultBranch,
          description,
          isPrivate,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual([
      { provider: "github", name: "docs", defaultBranch: "trunk", description: null, isPrivate: false },
      { provider: "github", name: "engine", defaultBranch: "main", description: "The engine room", isPrivate: true },
    ]);
  });

  it("lists a repository's branches from GitHub, the default branch first", async () => {
    await syncGithubRepositories();
    const engine = await getDb().repository.findFirstOrThrow({ where: { externalId: `${owner}/engine` } });
    expect(await createCaller({ user: ada }).repository.branches({ id: engine.id })).toEqual({
      defaultBranch: "main",
      defaultBaseBranch: "main",
      branches: ["main", "feature/login", "release"],
    });
  });

  it("keeps a renamed repository's row, and detaches one the App can no longer reach", async () => {
    await syncGithubRepositories();
    const before = await getDb().repository.findFirstOrThrow({ where: { githubId: 9102n } });
    const docs = fake.github.repositories.find((repository) => repository.id === 9102)!;
    docs.fullName = `${owner}/handbook`;
    const engine = fake.github.repositories.find((repository) => repository.id === 9101)!;
    engine.installationId = undefined;

    await syncGithubRepositories();
    const renamed = await getDb().repository.findUniqueOrThrow({ where: { id: before.id } });
    expect({ externalId: renamed.externalId, name: renamed.name }).toEqual({
      externalId: `${owner}/handbook`,
      name: "handbook",
    });
    const detached = await getDb().repository.findFirstOrThrow({ where: { githubId: 9101n } });
    expect(detached.installationId).toBeNull();
    expect(
      await createCaller({ user: ada })
        .repository.branches({ id: detached.id })
        .catch((error: Error) => error.message),
    ).toContain("can no longer reach");
  });
});
