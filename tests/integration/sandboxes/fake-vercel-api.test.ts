// The fake Vercel Sandbox API driven by the real @vercel/sandbox SDK, as Nightshift's Vercel
// provider will drive it: what a caller of the SDK sees for commands (real processes, streamed
// output), files, snapshots, timeouts, git sources, retries and errors.
import { readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { APIError, Sandbox, Snapshot } from "@vercel/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HAS_BUBBLEWRAP } from "../../fixtures/vercel/commands";
import { type FakeVercelApi, startFakeVercelApi } from "../../fixtures/vercel/fake-vercel-api";
import { createGitRepository, git } from "../../support/git-repositories";

let fake: FakeVercelApi;
beforeAll(async () => {
  fake = await startFakeVercelApi();
});
afterAll(() => fake.close());

const connection = () => ({ ...fake.credentials, fetch: fake.fetch });
const stateOf = (sandbox: Sandbox) => fake.sandboxes().find((state) => state.name === sandbox.name)!;
/** The sandbox's directories as its commands see them: its own paths in bubblewrap, else its directory's. */
const seenBy = (sandbox: Sandbox) =>
  HAS_BUBBLEWRAP ? { workDir: "/vercel/sandbox", homeDir: "/home/ubuntu" } : stateOf(sandbox);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
};

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** A Writable that notes when each chunk arrived. */
function recorder() {
  const chunks: Array<{ at: number; text: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push({ at: Date.now(), text: chunk.toString() });
      done();
    },
  });
  return { chunks, stream };
}

const PRINT_SLEEP_PRINT = "console.log('first'); setTimeout(() => console.log('second'), 1000)";

describe("commands", () => {
  it("run as real processes with the sandbox's env and their own, in /vercel/sandbox, HOME its home", async () => {
    const sandbox = await Sandbox.create({ ...connection(), env: { GREETING: "hello", DATA: "/vercel/sandbox/data" } });
    const result = await sandbox.runCommand({
      cmd: "node",
      args: ["-e", "console.log(JSON.stringify({ ...process.env, cwd: process.cwd() }))"],
      env: { EXTRA: "from the command" },
    });
    expect(result.exitCode).toBe(0);
    const { workDir, homeDir } = seenBy(sandbox);
    expect(JSON.parse(await result.stdout())).toMatchObject({
      GREETING: "hello",
      EXTRA: "from the command",
      DATA: path.join(workDir, "data"),
      HOME: homeDir,
      cwd: workDir,
    });
    expect(sandbox.cwd).toBe("/vercel/sandbox");

    const failing = await sandbox.runCommand("node", ["-e", "console.error('oops'); process.exit(3)"]);
    expect(failing.exitCode).toBe(3);
    expect(await failing.stderr()).toBe("oops\n");
    const missing = await sandbox.runCommand("no-such-program");
    expect(missing.exitCode).toBe(127);
  });

  it("stream their output while they run, waited for or detached", async () => {
    const sandbox = await Sandbox.create(connection());
    const { chunks, stream } = recorder();
    await sandbox.runCommand({ cmd: "node", args: ["-e", PRINT_SLEEP_PRINT], stdout: stream });
    const finishedAt = Date.now();
    expect(chunks.map((chunk) => chunk.text).join("")).toBe("first\nsecond\n");
    expect(finishedAt - chunks[0]!.at).toBeGreaterThanOrEqual(800);

    const detached = await sandbox.runCommand({ cmd: "node", args: ["-e", PRINT_SLEEP_PRINT], detached: true });
    const lines: Array<{ at: number; data: string }> = [];
    for await (const log of detached.logs()) lines.push({ at: Date.now(), data: log.data });
    expect(lines.map((line) => line.data).join("")).toBe("first\nsecond\n");
    expect(lines[1]!.at - lines[0]!.at).toBeGreaterThanOrEqual(800);
    expect((await detached.wait()).exitCode).toBe(0);
  });

  it("can be detached, found again with getCommand, waited for and killed", async () => {
    const sandbox = await Sandbox.create(connection());
    const command = await sandbox.runCommand({
      cmd: "sh",
      args: ["-c", "sleep 0.5; echo done; exit 4"],
      detached: true,
    });
    expect(command.exitCode).toBeNull();
    const again = await sandbox.getCommand(command.cmdId);
    expect((await again.wait()).exitCode).toBe(4);
    expect(await again.stdout()).toBe("done\n");

    const long = await sandbox.runCommand({ cmd: "sleep", args: ["30"], detached: true });
    await long.kill();
    expect((await long.wait()).exitCode).toBe(128 + 15);
    const limited = await sandbox.runCommand({ cmd: "sleep", args: ["30"], timeoutMs: 300 });
    expect(limited.exitCode).toBe(128 + 9);
  });
});

describe("files", () => {
  it("writeFiles lands where commands and readFileToBuffer find it", async () => {
    const sandbox = await Sandbox.create(connection());
    await sandbox.writeFiles([
      { path: "notes/hello.txt", content: "hello from writeFiles\n" },
      { path: "/vercel/sandbox/bin/where.sh", content: '#!/bin/sh\necho "in $(pwd)"\n', mode: 0o755 },
      { path: "/home/ubuntu/.config/tool.json", content: Buffer.from('{"ok":true}') },
    ]);
    expect(await (await sandbox.runCommand("cat", ["notes/hello.txt"])).stdout()).toBe("hello from writeFiles\n");
    expect(await (await sandbox.runCommand("/vercel/sandbox/bin/where.sh")).stdout()).toBe(
      `in ${seenBy(sandbox).workDir}\n`,
    );
    const home = await sandbox.runCommand("cat", ["/home/ubuntu/.config/tool.json"]);
    expect(await home.stdout()).toBe('{"ok":true}');

    expect((await sandbox.readFileToBuffer({ path: "notes/hello.txt" }))?.toString()).toBe("hello from writeFiles\n");
    expect(await sandbox.readFileToBuffer({ path: "/vercel/sandbox/missing.txt" })).toBeNull();
    await sandbox.mkDir("/vercel/sandbox/made");
    expect((await sandbox.runCommand("test", ["-d", "made"])).exitCode).toBe(0);
  });
});

describe("lifecycle", () => {
  it("keeps the network policy, timeout, ports and resources it was created with", async () => {
    const sandbox = await Sandbox.create({
      ...connection(),
      networkPolicy: { allow: ["api.example.com"], subnets: { deny: ["10.0.0.0/8"] } },
      timeout: 60_000,
      ports: [3000],
      resources: { vcpus: 4 },
    });
    expect(sandbox.networkPolicy).toEqual({ allow: ["api.example.com"], subnets: { deny: ["10.0.0.0/8"] } });
    expect([sandbox.timeout, sandbox.vcpus, sandbox.memory]).toEqual([60_000, 4, 8192]);
    expect(sandbox.domain(3000)).toMatch(/^https:\/\/.+\.vercel\.run$/);
    expect(stateOf(sandbox)).toMatchObject({
      networkPolicy: { allow: ["api.example.com"], subnets: { deny: ["10.0.0.0/8"] } },
      timeout: 60_000,
      ports: [3000],
    });
    await sandbox.update({ networkPolicy: "deny-all", timeout: 120_000 });
    expect(stateOf(sandbox)).toMatchObject({ networkPolicy: { mode: "deny-all" }, timeout: 120_000 });
    expect(sandbox.timeout).toBe(120_000);
    await sandbox.delete();
    expect(fake.sandboxes().map((state) => state.name)).not.toContain(sandbox.name);
  });

  it("snapshot() stops the sandbox, and a new sandbox from the snapshot has its files", async () => {
    const sandbox = await Sandbox.create(connection());
    await sandbox.writeFiles([{ path: "state.txt", content: "saved" }]);
    const running = await sandbox.runCommand({ cmd: "sleep", args: ["30"], detached: true });
    const snapshot = await sandbox.snapshot();
    expect(snapshot.status).toBe("created");
    expect(snapshot.sizeBytes).toBeGreaterThan(0);
    expect(snapshot.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3_600_000);
    expect(sandbox.status).toBe("stopped");
    expect(stateOf(sandbox)).toMatchObject({ status: "stopped", runningCommands: 0 });
    // The stopped session refuses work: a command of it finds the sandbox gone.
    await expect(running.wait()).rejects.toThrow(/410.*is stopped/);

    const copy = await Sandbox.create({
      ...connection(),
      source: { type: "snapshot", snapshotId: snapshot.snapshotId },
    });
    expect(await (await copy.runCommand("cat", ["state.txt"])).stdout()).toBe("saved");
    expect(copy.sourceSnapshotId).toBe(snapshot.snapshotId);
    expect((await Snapshot.get({ ...connection(), snapshotId: snapshot.snapshotId })).sizeBytes).toBe(
      snapshot.sizeBytes,
    );
  });

  it("resumes a stopped sandbox on its next call, as the SDK does: persistent with its files, else empty", async () => {
    const persistent = await Sandbox.create(connection());
    await persistent.writeFiles([{ path: "kept.txt", content: "kept" }]);
    const firstSession = stateOf(persistent).sessionId;
    await persistent.snapshot();
    // The SDK meets 410 from the stopped session, resumes the sandbox by name, and runs it there.
    expect(await (await persistent.runCommand("cat", ["kept.txt"])).stdout()).toBe("kept");
    expect(stateOf(persistent).sessionId).not.toBe(firstSession);
    expect(fake.requests).toContainEqual({ method: "GET", path: `/v2/sandboxes/${persistent.name}` });

    const ephemeral = await Sandbox.create({ ...connection(), persistent: false });
    await ephemeral.writeFiles([{ path: "lost.txt", content: "lost" }]);
    await ephemeral.stop();
    expect((await ephemeral.runCommand("ls", ["-A"])).exitCode).toBe(0);
    expect(await (await ephemeral.runCommand("ls", ["-A"])).stdout()).toBe("");
  });

  it("extendTimeout moves the session's deadline", async () => {
    const sandbox = await Sandbox.create({ ...connection(), timeout: 1000 });
    const createdAt = Date.now();
    await sandbox.extendTimeout(2000);
    expect(sandbox.currentSession().timeout).toBe(3000);
    await sleep(1500);
    expect(stateOf(sandbox)).toMatchObject({ status: "running", timeout: 3000 });
    await waitFor(() => stateOf(sandbox).status === "stopped", 5000);
    expect(Date.now() - createdAt).toBeGreaterThanOrEqual(2900);
  });

  it("stops a sandbox when its timeout passes, killing its processes", async () => {
    const sandbox = await Sandbox.create({ ...connection(), timeout: 2000 });
    const createdAt = Date.now();
    await sandbox.runCommand({ cmd: "sleep", args: ["30"], detached: true });
    await waitFor(() => stateOf(sandbox).status === "stopped", 6000);
    expect(Date.now() - createdAt).toBeGreaterThanOrEqual(1900);
    expect(stateOf(sandbox).runningCommands).toBe(0);
    const seen = await Sandbox.get({ ...connection(), name: sandbox.name });
    expect(seen.status).toBe("stopped");
  });

  it("clones a git source into /vercel/sandbox/<repository>, at a revision when asked", async () => {
    const bare = await createGitRepository({ name: "engine", bare: true, files: { "README.md": "# Engine\n" } });
    const shallow = await Sandbox.create({ ...connection(), source: { type: "git", url: `file://${bare}`, depth: 1 } });
    const readme = await shallow.readFileToBuffer({ path: "/vercel/sandbox/engine/README.md" });
    expect(readme?.toString()).toBe("# Engine\n");
    const count = await shallow.runCommand({ cmd: "git", args: ["rev-list", "--count", "HEAD"], cwd: "engine" });
    expect(await count.stdout()).toBe("1\n");

    const first = git(bare, "rev-list", "--max-parents=0", "HEAD");
    const pinned = await Sandbox.create({
      ...connection(),
      source: { type: "git", url: `file://${bare}`, revision: first },
    });
    const files = await pinned.runCommand({ cmd: "ls", cwd: "/vercel/sandbox/engine" });
    expect(await files.stdout()).toBe("file-0.txt\n");

    const broken = Sandbox.create({ ...connection(), source: { type: "git", url: `file://${bare}-missing` } });
    await expect(broken).rejects.toThrow(/400.*Cloning/);
  });
});

describe("failures", () => {
  it("a 429 with Retry-After is retried by the SDK after waiting", async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 1 });
    const before = fake.requests.length;
    const startedAt = Date.now();
    await Sandbox.create(connection());
    const creates = fake.requests.slice(before).filter((request) => request.path === "/v3/sandboxes");
    expect(creates).toHaveLength(2);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
  });

  it("500s past the SDK's retries surface as an error", async () => {
    fake.failNext(5, { status: 500 });
    const before = fake.requests.length;
    await expect(Sandbox.create(connection())).rejects.toThrow(/Status code 500 is not ok/);
    fake.failNext(0);
    expect(fake.requests.length - before).toBe(3);
  });

  it("a wrong token or team is refused", async () => {
    const count = fake.sandboxes().length;
    await expect(Sandbox.create({ ...connection(), token: "not-the-token" })).rejects.toThrow(/401/);
    const wrongTeam = Sandbox.create({ ...connection(), teamId: "team_other" });
    await expect(wrongTeam).rejects.toBeInstanceOf(APIError);
    await expect(wrongTeam).rejects.toThrow(/403/);
    expect(fake.sandboxes()).toHaveLength(count);
  });

  it("close() kills what the fake started and removes its directories", async () => {
    const own = await startFakeVercelApi();
    const sandbox = await Sandbox.create({ ...own.credentials, fetch: own.fetch });
    const command = await sandbox.runCommand({ cmd: "sh", args: ["-c", "echo $$; exec sleep 30"], detached: true });
    const logs = command.logs();
    const pid = Number((await logs.next()).value!.data.trim());
    logs.close();
    expect(() => process.kill(pid, 0)).not.toThrow();
    const { dir } = own.sandboxes()[0]!;
    await own.close();
    await waitFor(() => !isAlive(pid), 5_000);
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
  });
});
