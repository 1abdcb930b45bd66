// A session's local repository served to its sandbox over git's smart HTTP protocol by the
// control plane (the real route handler, over HTTP, with real git on both sides): its sandbox's
// short-lived credentials clone it and push the session's branch; nothing else gets in, and
// nothing else can be pushed.
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile, chmod } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as gitRoute from "@/app/api/sandbox/git/[...path]/route";
import * as gitCredentialsRoute from "@/app/api/sandbox/git-credentials/route";
import { getDb } from "@/server/db";
import { issueLocalGitCredentials } from "@/server/git/local/local-git-credentials";
import { createSession } from "@/server/sessions/create-session";
import { asActor, createLiveSandbox, createLocalRepository, createUser, git, temporaryDir } from "../../factories";

/** A checkout holding this file's data directory, as `npm run dev` in a clone makes. */
const CHECKOUT = await vi.hoisted(async () => {
  // Hoisted above the imports, so it imports what it uses itself.
  const { execFileSync } = await import("node:child_process");
  const { mkdirSync, mkdtempSync, realpathSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "nightshift-checkout-")));
  const run = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  run("init", "-q", "-b", "main");
  writeFileSync(join(dir, "README.md"), "# A checkout\n");
  run("add", "-A");
  run("-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "-m", "first");
  // Before any server code reads the environment: this file's data directory is inside the checkout.
  process.env.NIGHTSHIFT_DATA_DIR = join(dir, ".nightshift");
  mkdirSync(process.env.NIGHTSHIFT_DATA_DIR, { recursive: true });
  return dir;
});

/** The git route over HTTP, as Next.js serves it; notes the Content-Encoding of each request body. */
let server: Server;
let baseUrl: string;
const encodings: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", baseUrl);
      const segments = /^\/api\/sandbox\/git\/(.+)$/.exec(url.pathname)?.[1]?.split("/").map(decodeURIComponent);
      if (!segments) return void res.writeHead(404).end();
      if (req.method === "POST") encodings.push(req.headers["content-encoding"] ?? "identity");
      const handler = req.method === "POST" ? gitRoute.POST : gitRoute.GET;
      const aborted = new AbortController();
      res.on("close", () => aborted.abort());
      const response = await handler(
        new Request(url, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: req.method === "POST" ? (Readable.toWeb(req) as BodyInit) : undefined,
          signal: aborted.signal,
          duplex: "half",
        } as RequestInit),
        { params: Promise.resolve({ path: segments }) },
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      const reader = response.body?.getReader();
      for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) res.write(chunk.value);
      res.end();
    })().catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type Credentials = { username: string; password: string };

/**
 * Runs git as a sandbox's bridge would, without blocking this process (which serves the route):
 * with a credential helper that gives `credentials`, or none at all.
 */
async function gitWith(credentials: Credentials | null, cwd: string, ...args: string[]) {
  const helper = credentials
    ? `!f() { test "$1" = get && printf 'username=%s\\npassword=%s\\n' '${credentials.username}' '${credentials.password}'; }; f`
    : "";
  try {
    const { stdout, stderr } = await promisify(execFile)(
      "git",
      ["-c", "credential.helper=", "-c", `credential.helper=${helper}`, ...args],
      {
        cwd,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: "0",
          GIT_AUTHOR_NAME: "Agent",
          GIT_AUTHOR_EMAIL: "agent@example.com",
          GIT_COMMITTER_NAME: "Nightshift",
          GIT_COMMITTER_EMAIL: "bot@example.com",
        },
      },
    );
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

/** A session on a fresh local repository, its live sandbox, and the credentials the sandbox's helper gets. */
async function sessionWithSandbox(options: { branches?: number } = {}) {
  const user = await createUser();
  const repository = await createLocalRepository(user.id);
  const origin = (await getDb().repository.findUniqueOrThrow({ where: { id: repository.id } })).externalId;
  // Commits of their own on many branches: a clone's request for all of them is large enough
  // that git compresses it.
  const head = git(origin, "rev-parse", "HEAD");
  const sides = Array.from({ length: options.branches ?? 0 }, (_, index) =>
    [`commit refs/heads/side-${index}`, "committer Test <test@example.com> 0 +0000", "data <<END", `side ${index}`]
      .concat(["END", `from ${head}`, ""])
      .join("\n"),
  );
  execFileSync("git", ["fast-import", "--quiet"], { cwd: origin, input: sides.join("\n") });
  const session = await createSession({ repositoryId: repository.id, actor: asActor(user) });
  const { sandbox, token } = await createLiveSandbox(session.id);
  const reply = await gitCredentialsRoute.POST(
    new Request(`${baseUrl}/api/sandbox/git-credentials`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  expect(reply.status).toBe(200);
  const credentials = (await reply.json()) as Credentials & { expiresAt: string };
  return {
    origin,
    branch: session.branch,
    sessionId: session.id,
    sandbox,
    credentials,
    url: `${baseUrl}/api/sandbox/git/${repository.id}.git`,
  };
}

describe("a local repository served to its sandbox", () => {
  it("is cloned and its session branch pushed with the sandbox's credentials, and no hook of its own runs", async () => {
    const { origin, branch, credentials, url } = await sessionWithSandbox({ branches: 40 });
    expect(credentials.username).toBe("nightshift");
    const expiresIn = Date.parse(credentials.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(55 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000);
    // The repository's own hooks would leave a mark on this machine.
    const mark = path.join(await temporaryDir(), "hook-ran");
    for (const hook of ["pre-receive", "update", "post-receive", "post-update"]) {
      await writeFile(path.join(origin, ".git", "hooks", hook), `#!/bin/sh\ntouch '${mark}'\n`);
      await chmod(path.join(origin, ".git", "hooks", hook), 0o755);
    }

    const work = await temporaryDir();
    const clone = await gitWith(credentials, work, "clone", url, "repo");
    expect(clone).toMatchObject({ ok: true });
    // Every branch came, and asking for them all was large enough to go gzip-compressed.
    const repo = path.join(work, "repo");
    expect(git(repo, "branch", "-r")).toContain("origin/side-39");
    expect(encodings).toContain("gzip");

    git(repo, "checkout", "-q", "-b", branch);
    await writeFile(path.join(repo, "hello.txt"), "hi\n");
    git(repo, "add", "hello.txt");
    git(repo, "commit", "-q", "-m", "Add hello.txt");
    const push = await gitWith(credentials, repo, "push", "origin", `HEAD:refs/heads/${branch}`);
    expect(push).toMatchObject({ ok: true });
    expect(git(origin, "show", `${branch}:hello.txt`)).toBe("hi");
    expect(existsSync(mark)).toBe(false);

    // A shallow clone, as the bridge makes, fetches and pushes there too.
    const shallow = await gitWith(credentials, work, "clone", "--depth", "1", "--branch", branch, url, "shallow");
    expect(shallow).toMatchObject({ ok: true });
    await writeFile(path.join(work, "shallow", "more.txt"), "more\n");
    git(path.join(work, "shallow"), "add", "more.txt");
    git(path.join(work, "shallow"), "commit", "-q", "-m", "More");
    expect(await gitWith(credentials, path.join(work, "shallow"), "push", "origin", `HEAD:${branch}`)).toMatchObject({
      ok: true,
    });
    expect(git(origin, "show", `${branch}:more.txt`)).toBe("more");
  });

  it("pushes nothing but the session branch: not main, not another branch, and no deletion", async () => {
    const { origin, branch, credentials, url } = await sessionWithSandbox({ branches: 1 });
    const work = await temporaryDir();
    expect(await gitWith(credentials, work, "clone", url, "repo")).toMatchObject({ ok: true });
    const repo = path.join(work, "repo");
    await writeFile(path.join(repo, "evil.txt"), "evil\n");
    git(repo, "add", "evil.txt");
    git(repo, "commit", "-q", "-m", "Evil");
    const mainBefore = git(origin, "rev-parse", "refs/heads/main");

    const toMain = await gitWith(credentials, repo, "push", "origin", "HEAD:refs/heads/main");
    expect(toMain.ok).toBe(false);
    expect(toMain.output).toContain(`remote: Nightshift: this sandbox may push only to ${branch}, not to main.`);
    expect(toMain.output).toContain("[remote rejected]");
    expect(git(origin, "rev-parse", "refs/heads/main")).toBe(mainBefore);

    const toOther = await gitWith(credentials, repo, "push", "origin", "HEAD:refs/heads/nightshift/someone-else");
    expect(toOther.ok).toBe(false);
    expect(git(origin, "branch", "--list", "nightshift/someone-else")).toBe("");

    // Deleting another branch, or its own.
    const deleteOther = await gitWith(credentials, repo, "push", "origin", "--delete", "side-0");
    expect(deleteOther.ok).toBe(false);
    expect(git(origin, "branch", "--list", "side-0")).toContain("side-0");
    expect(await gitWith(credentials, repo, "push", "origin", `HEAD:refs/heads/${branch}`)).toMatchObject({ ok: true });
    const deleteOwn = await gitWith(credentials, repo, "push", "origin", "--delete", branch);
    expect(deleteOwn.ok).toBe(false);
    expect(deleteOwn.output).toContain(`remote: Nightshift: a sandbox may not delete ${branch}.`);
    expect(git(origin, "branch", "--list", branch)).toContain(branch);

    // A push that also names another ref is refused whole: the session branch is not moved by it either.
    const own = git(origin, "rev-parse", `refs/heads/${branch}`);
    await writeFile(path.join(repo, "more.txt"), "more\n");
    git(repo, "add", "more.txt");
    git(repo, "commit", "-q", "-m", "More");
    const mixed = await gitWith(credentials, repo, "push", "origin", `HEAD:${branch}`, "HEAD:main");
    expect(mixed.ok).toBe(false);
    expect(git(origin, "rev-parse", `refs/heads/${branch}`)).toBe(own);
    expect(git(origin, "rev-parse", "refs/heads/main")).toBe(mainBefore);
  });

  it("pushes and deletes its session's checkpoint ref, and no other session's", async () => {
    const { origin, credentials, url, sessionId } = await sessionWithSandbox();
    const work = await temporaryDir();
    expect(await gitWith(credentials, work, "clone", url, "repo")).toMatchObject({ ok: true });
    const repo = path.join(work, "repo");
    await writeFile(path.join(repo, "draft.txt"), "draft\n");
    git(repo, "add", "draft.txt");
    git(repo, "commit", "-q", "-m", "Draft");
    const own = `refs/nightshift/checkpoints/${sessionId}`;

    expect(await gitWith(credentials, repo, "push", "--force", "origin", `HEAD:${own}`)).toMatchObject({ ok: true });
    expect(git(origin, "show", `${own}:draft.txt`)).toBe("draft");
    const other = await gitWith(credentials, repo, "push", "origin", "HEAD:refs/nightshift/checkpoints/someone-else");
    expect(other.ok).toBe(false);
    expect(git(origin, "for-each-ref", "refs/nightshift/checkpoints/someone-else")).toBe("");
    expect(await gitWith(credentials, repo, "push", "origin", `:${own}`)).toMatchObject({ ok: true });
    expect(git(origin, "for-each-ref", "refs/nightshift")).toBe("");
  });

  it("asks for credentials, and refuses missing, wrong, expired and ended sandboxes' ones", async () => {
    const { sandbox, credentials, url } = await sessionWithSandbox();
    const work = await temporaryDir();

    const bare = await fetch(`${url}/info/refs?service=git-upload-pack`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get("www-authenticate")).toMatch(/^Basic /);
    const none = await gitWith(null, work, "clone", url, "none");
    expect(none.ok).toBe(false);
    expect(existsSync(path.join(work, "none", ".git"))).toBe(false);

    const wrong = await gitWith({ username: "nightshift", password: "v1:AAAA:BBBB" }, work, "clone", url, "wrong");
    expect(wrong.ok).toBe(false);
    expect(wrong.output).toContain("Authentication failed");

    // Altered by one bit: refused, not opened.
    const [version, iv, sealed] = credentials.password.split(":");
    const bytes = Buffer.from(sealed!, "base64");
    bytes[0] = bytes[0]! ^ 1;
    const altered = { ...credentials, password: `${version}:${iv}:${bytes.toString("base64")}` };
    expect((await gitWith(altered, work, "clone", url, "altered")).output).toContain("Authentication failed");

    const expired = issueLocalGitCredentials(sandbox.id, { now: Date.now() - 61 * 60_000 });
    const late = await gitWith(expired, work, "clone", url, "late");
    expect(late.ok).toBe(false);
    expect(late.output).toContain("remote: These git credentials have expired");

    await getDb().sandbox.update({ where: { id: sandbox.id }, data: { status: "stopped" } });
    const ended = await gitWith(credentials, work, "clone", url, "ended");
    expect(ended.ok).toBe(false);
    expect(ended.output).toContain("remote: This sandbox is stopped; its git credentials are no longer valid.");
    expect(ended.output).toContain("Authentication failed");
  });

  it("serves a sandbox its own session's repository only", async () => {
    const mine = await sessionWithSandbox();
    const theirs = await sessionWithSandbox();
    const work = await temporaryDir();
    const other = await gitWith(mine.credentials, work, "clone", theirs.url, "theirs");
    expect(other.ok).toBe(false);
    expect(other.output).toContain(
      "remote: A sandbox's git credentials are good for its own session's repository only.",
    );
    expect(existsSync(path.join(work, "theirs", ".git"))).toBe(false);
    // And its own, with its own.
    expect(await gitWith(theirs.credentials, work, "clone", theirs.url, "own")).toMatchObject({ ok: true });
  });

  it("offers git's smart protocol only", async () => {
    const { credentials, url } = await sessionWithSandbox();
    const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
    for (const file of ["/HEAD", "/info/refs", "/objects/info/packs", "/config"]) {
      const answer = await fetch(`${url}${file}`, { headers: { authorization } });
      expect([file, answer.status]).toEqual([file, 404]);
    }
  });

  it("never serves a repository that holds Nightshift's data directory", async () => {
    const ada = await createUser();
    // Added before Nightshift refused such repositories.
    const repository = await getDb().repository.create({
      data: {
        provider: "local",
        externalId: CHECKOUT,
        owner: "local",
        name: "checkout",
        defaultBranch: "main",
        addedById: ada.id,
      },
    });
    const session = await createSession({ repositoryId: repository.id, actor: asActor(ada) });
    const { sandbox } = await createLiveSandbox(session.id);
    const credentials = issueLocalGitCredentials(sandbox.id);
    const work = await temporaryDir();
    const clone = await gitWith(credentials, work, "clone", `${baseUrl}/api/sandbox/git/${repository.id}.git`, "c");
    expect(clone.ok).toBe(false);
    expect(clone.output).toContain(`remote: ${CHECKOUT} holds Nightshift's own data directory`);
    expect(existsSync(path.join(work, "c", "README.md"))).toBe(false);
  });
});
