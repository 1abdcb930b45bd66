import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db";
import type { CurrentUser } from "@/server/users/get-user";
import { createGitRepository, createUser, git, temporaryDir } from "../../factories";
import { refusal } from "../../support/refusal";

let ada: CurrentUser;
let grace: CurrentUser;

beforeAll(async () => {
  ada = await createUser({ name: "Ada" });
  grace = await createUser({ name: "Grace" });
});

const as = (user: CurrentUser) => createCaller({ user });

async function rowsAt(externalId: string) {
  return getDb().repository.count({ where: { externalId } });
}

async function pathErrorOf(call: Promise<unknown>): Promise<string | undefined> {
  return (await refusal(call)).fieldErrors?.path?.[0];
}

describe("adding a local repository", () => {
  it("adds a git repository with its default branch and who added it, and everyone sees it", async () => {
    const dir = await createGitRepository({
      name: "widgets",
      branch: "trunk",
      commits: 2,
      description: "Widget factory",
    });

    const added = await as(ada).repository.addLocal({ path: dir });

    expect(added).toMatchObject({
      provider: "local",
      name: "widgets",
      defaultBranch: "trunk",
      description: "Widget factory",
    });
    expect(added.addedBy).toMatchObject({ id: ada.id, name: "Ada" });
    const seenByGrace = await as(grace).repository.list();
    expect(seenByGrace.find((repository) => repository.id === added.id)?.addedBy?.name).toBe("Ada");
  });

  it("accepts a bare repository and names it without .git", async () => {
    const source = await createGitRepository();
    const bare = path.join(await temporaryDir(), "service.git");
    git(path.dirname(source), "clone", "-q", "--bare", source, bare);

    const added = await as(ada).repository.addLocal({ path: bare });

    expect(added).toMatchObject({ name: "service", defaultBranch: "main" });
  });

  it("refuses a path that does not exist, and writes nothing", async () => {
    const missing = path.join(await temporaryDir(), "nope");
    const error = await refusal(as(ada).repository.addLocal({ path: missing }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors?.path).toEqual([`Nothing exists at ${missing}.`]);
    expect(await rowsAt(missing)).toBe(0);
  });

  it("refuses a file, a plain directory, a relative path and a subdirectory, each saying why", async () => {
    const plain = await temporaryDir();
    const file = path.join(plain, "notes.txt");
    await writeFile(file, "hello");
    const repo = await createGitRepository();
    const inside = path.join(repo, "src");
    await mkdir(inside);

    expect(await pathErrorOf(as(ada).repository.addLocal({ path: file }))).toBe(`${file} is a file, not a directory.`);
    expect(await pathErrorOf(as(ada).repository.addLocal({ path: plain }))).toBe(`${plain} is not a git repository.`);
    expect(await pathErrorOf(as(ada).repository.addLocal({ path: "code/project" }))).toMatch(/^Enter an absolute path/);
    expect(await pathErrorOf(as(ada).repository.addLocal({ path: inside }))).toBe(
      `${inside} is inside the git repository ${repo}; add ${repo} instead.`,
    );
    for (const refused of [file, plain, inside]) expect(await rowsAt(refused)).toBe(0);
  });

  it("refuses a path inside a bare repository or a .git directory, naming the repository to add", async () => {
    const source = await createGitRepository();
    const bare = path.join(await temporaryDir(), "service.git");
    git(path.dirname(source), "clone", "-q", "--bare", source, bare);
    const insideBare = path.join(bare, "objects");
    const dotGit = path.join(source, ".git");

    expect(await pathErrorOf(as(ada).repository.addLocal({ path: insideBare }))).toBe(
      `${insideBare} is inside the git repository ${bare}; add ${bare} instead.`,
    );
    expect(await pathErrorOf(as(ada).repository.addLocal({ path: dotGit }))).toBe(
      `${dotGit} is inside the git repository ${source}; add ${source} instead.`,
    );
    for (const refused of [insideBare, dotGit]) expect(await rowsAt(refused)).toBe(0);
  });

  it("refuses a repository without commits", async () => {
    const empty = await createGitRepository({ commits: 0 });
    expect(await pathErrorOf(as(ada).repository.addLocal({ path: empty }))).toBe(
      `${empty} is a git repository with no commits yet; commit something first.`,
    );
    expect(await rowsAt(empty)).toBe(0);
  });

  it("refuses an empty path with a field error", async () => {
    const error = await refusal(as(ada).repository.addLocal({ path: "   " }));
    expect(error.code).toBe("BAD_REQUEST");
  });

  it("refuses a repository added already, also through a symlink, naming who added it", async () => {
    const dir = await createGitRepository();
    await as(ada).repository.addLocal({ path: dir });
    const link = path.join(await temporaryDir(), "link");
    await symlink(dir, link);

    for (const again of [dir, `${dir}/`, link]) {
      const error = await refusal(as(grace).repository.addLocal({ path: again }));
      expect(error.code).toBe("CONFLICT");
      expect(error.fieldErrors?.path?.[0]).toMatch(/already added, as repo-\w+ by Ada\.$/);
    }
    expect(await rowsAt(dir)).toBe(1);
  });

  it("adds a repository once when two people add it at the same moment", async () => {
    const dir = await createGitRepository();

    const results = await Promise.allSettled([
      as(ada).repository.addLocal({ path: dir }),
      as(grace).repository.addLocal({ path: dir }),
    ]);

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    expect(await refusal(Promise.reject(rejected?.reason))).toMatchObject({ code: "CONFLICT" });
    expect(await rowsAt(dir)).toBe(1);
  });
});
