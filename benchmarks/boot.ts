// `npm run bench:boot [runs] [at-once]`: how long a prompt waits for its sandbox, for each way a
// sandbox boots — from the prompt being queued to the agent's first model call — over `runs`
// prompts one after another (default 20) and `at-once` prompts sent together (default 10). The
// repository's setup.sh runs a real `npm install`. Real local sandboxes (sealed when bubblewrap
// is installed), the real bridge and OpenCode, the fake model server; the database is
// DATABASE_URL's server (a fresh database on it) or the embedded one. Modes:
//   - fresh: a new session's first prompt (clone, setup.sh, start.sh, OpenCode);
//   - repo image: a new session's first prompt, its sandbox from the repository's image;
//   - snapshot restore: a follow-up prompt after the session's sandbox was stopped for idleness;
//   - resumed: a follow-up prompt after the session's sandbox was suspended for idleness (the
//     local provider's default, for the last few idle sandboxes; needs bubblewrap) — a sandbox
//     warmed for it when the modes before stopped the session's own;
//   - warmed (restored while typing): the same, but someone typed first and the sandbox was
//     ready when the prompt came;
//   - warmed (new session, prepared): a first prompt typed on the new-session page, the
//     session's sandbox prepared (from the image) and ready when the form was sent.
// Also the snapshots' own time and size. Prints figures and asserts nothing; record them in
// docs/benchmarks.md.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "../scripts/lib/app-process";
import { createFreshDatabase } from "../tests/support/fresh-database";
import { sandboxMemoryBytes } from "../tests/support/sandbox-processes";
import { printFigures, record, settle, type Stages } from "./lib/boot-figures";
import { createRepository, registryNetworks } from "./lib/boot-repository";
import { percentile } from "./lib/stats";

const RUNS = Number(process.argv[2] ?? 20);
const AT_ONCE = Number(process.argv[3] ?? 10);

const databaseKind = process.env.DATABASE_URL ? "Postgres at DATABASE_URL" : "embedded";
const root = await mkdtemp(path.join(os.tmpdir(), "nightshift-bench-boot-"));
const database = await createFreshDatabase(process.env.DATABASE_URL || undefined);
Object.assign(process.env, {
  DATABASE_URL: database.url,
  NIGHTSHIFT_DATA_DIR: path.join(root, ".nightshift"),
  NIGHTSHIFT_URL: `http://127.0.0.1:${await freePort()}`,
  NIGHTSHIFT_MODEL_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`,
  NIGHTSHIFT_MODEL_NAMES: "fake-coder",
  NIGHTSHIFT_SECRETS_KEY: randomBytes(32).toString("base64"),
  NIGHTSHIFT_EGRESS_INTERNAL_NETWORKS: await registryNetworks(),
  AUTH_SECRET: randomBytes(32).toString("hex"),
  LOG_LEVEL: "error",
});
const { getDb } = await import("../server/db");
const { startSessionLoop } = await import("../tests/support/session-loop-server");
const { addLocalRepository } = await import("../server/repositories/add-local-repository");
const { createSession } = await import("../server/sessions/create-session");
const { enqueuePrompt } = await import("../server/sessions/enqueue-prompt");
const { stopIdleSandboxes } = await import("../server/sandboxes/watch-sandboxes");
const { stopSuspendedSandboxes } = await import("../server/sandboxes/suspend-sandboxes");
const { claimWarmSandbox } = await import("../server/sessions/warm-sandbox");
const { spawnSandbox } = await import("../server/sandboxes/spawn-sandbox");
const { actorFor } = await import("../server/access/actor");
const { scheduleImageBuilds } = await import("../server/sandboxes/images/schedule-image-builds");
const { prepareSession } = await import("../server/sessions/prepare-session");

const db = getDb();
const loop = await startSessionLoop();

const user = await db.user.create({
  data: { name: "Bench", email: `bench-${randomBytes(4).toString("hex")}@example.com` },
});
const actor = actorFor(user);
const repository = await addLocalRepository({ path: await createRepository(root), actor });

let counter = 0;

/** Queues a prompt; resolves with the time from queueing to the model's first call for it, once the prompt completed. */
async function timePrompt(sessionId: string, who = actor): Promise<number> {
  const marker = `Prompt ${++counter}-${randomBytes(3).toString("hex")}: say hello.`;
  const queuedAt = Date.now();
  const { message } = await enqueuePrompt({ sessionId, actor: who, source: "api", content: marker });
  for (;;) {
    const row = await db.message.findUniqueOrThrow({
      where: { id: message.id },
      select: { status: true, error: true },
    });
    if (row.status === "failed" || row.status === "cancelled") {
      const warnings = await db.event.findMany({ where: { sessionId, type: "warning" }, select: { data: true } });
      throw new Error(`prompt ${row.status}: ${row.error} ${JSON.stringify(warnings)}`);
    }
    if (row.status === "completed") break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const call = loop.model.requests.find(
    (request) => !request.isTitleRequest && JSON.stringify(request.messages).includes(marker),
  );
  if (!call) throw new Error(`no model call for "${marker}"`);
  // Where the time went: until the prompt's command was written (dispatch, and the sandbox's
  // boot when it was not ready), until the bridge said it began (the command's long poll), and
  // until OpenCode called the model.
  const [command, began] = await Promise.all([
    db.sandboxCommand.findFirst({
      where: { type: "prompt", payload: { path: ["messageId"], equals: message.id } },
      select: { createdAt: true },
    }),
    db.event.findFirst({ where: { messageId: message.id, type: "user_message" }, select: { createdAt: true } }),
  ]);
  if (command && began)
    stages.push({
      dispatched: command.createdAt.getTime() - queuedAt,
      taken: began.createdAt.getTime() - command.createdAt.getTime(),
      agent: call.receivedAt - began.createdAt.getTime(),
    });
  return call.receivedAt - queuedAt;
}

let stages: Stages[] = [];

/** Sessions whose snapshot after a prompt was not recorded within SAVE_WAIT_MS (they boot fresh next). */
const unsaved: string[] = [];
const SAVE_WAIT_MS = 180_000;

/** Waits until the sandbox that ran the session's last prompt is snapshotted after it (or gives up, noting it). */
async function savedAfterPrompt(sessionId: string): Promise<void> {
  const last = await db.message.findFirstOrThrow({ where: { sessionId }, orderBy: { createdAt: "desc" } });
  for (let waited = 0; waited < SAVE_WAIT_MS; waited += 100) {
    const saved = await db.sandboxSnapshot.count({
      where: { sandboxId: last.sandboxId!, reason: "prompt", createdAt: { gte: last.finishedAt! } },
    });
    if (saved > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  unsaved.push(`${sessionId} (its prompt ${last.status})`);
}

/** Stops every idle sandbox, as the sweep does after ten minutes when it keeps none suspended. */
const stopAll = () => stopIdleSandboxes(new Date(Date.now() + 3_600_000), db, { suspendedLimit: 0 });
const suspendedBytes: number[] = [];
let suspending = Promise.resolve();
/**
 * Gives the session a sandbox (warmed, when the modes before stopped its own), then suspends every
 * idle sandbox and keeps the newest AT_ONCE, as the sweep does after ten minutes. One at a time:
 * ten cold boots at once are beyond this machine (see fresh, 10 at once).
 */
function suspendedSandbox(sessionId: string): Promise<void> {
  const run = suspending.then(async () => {
    const live = await db.sandbox.count({ where: { sessionId, status: { in: ["ready", "suspended"] } } });
    if (live === 0) await warm(sessionId);
    for (const id of await stopIdleSandboxes(new Date(Date.now() + 3_600_000), db, { suspendedLimit: AT_ONCE })) {
      const sandbox = await db.sandbox.findUniqueOrThrow({ where: { id }, select: { status: true } });
      if (sandbox.status !== "suspended") throw new Error(`sandbox ${id} was ${sandbox.status}, not suspended`);
      suspendedBytes.push(sandboxMemoryBytes(id));
    }
    await stopSuspendedSandboxes(AT_ONCE);
  });
  suspending = run.catch(() => undefined);
  return run;
}

async function warm(sessionId: string): Promise<void> {
  const claim = await claimWarmSandbox(sessionId);
  if (claim.state !== "started") throw new Error(`could not warm ${sessionId}: ${claim.state}`);
  await spawnSandbox(claim.sandboxId);
  for (;;) {
    const sandbox = await db.sandbox.findUniqueOrThrow({ where: { id: claim.sandboxId }, select: { status: true } });
    if (sandbox.status === "ready") return;
    if (sandbox.status === "failed") throw new Error("the warmed sandbox failed");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Someone types a first prompt on the new-session page: the session is prepared, its sandbox ready. */
async function prepared(): Promise<{ sessionId: string; who: typeof actor }> {
  const person = await db.user.create({
    data: { name: "Typist", email: `typist-${randomBytes(4).toString("hex")}@example.com` },
  });
  const who = actorFor(person);
  const { preparedSessionId } = await prepareSession({ repositoryId: repository.id, actor: who });
  for (;;) {
    const sandbox = await db.sandbox.findFirst({
      where: { sessionId: preparedSessionId, status: { in: ["ready", "failed"] } },
      select: { status: true },
    });
    if (sandbox?.status === "failed") throw new Error("the prepared sandbox failed");
    if (sandbox) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The form is sent: the prepared session is opened, and its prompt queued.
  await createSession({ repositoryId: repository.id, actor: who, preparedSessionId });
  return { sessionId: preparedSessionId, who };
}

async function measurePrepared(mode: string) {
  stages = [];
  const sequential: number[] = [];
  const failed: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const outcome = await settle([prepared().then(({ sessionId, who }) => timePrompt(sessionId, who))]);
    sequential.push(...outcome.values);
    failed.push(...outcome.failed);
  }
  record({ mode, how: `${RUNS} one after another`, values: sequential, failed, stages });
  const atOnce = await settle(
    Array.from({ length: AT_ONCE }, () => prepared().then(({ sessionId, who }) => timePrompt(sessionId, who))),
  );
  record({ mode, how: `${AT_ONCE} at once`, ...atOnce });
}

const newSession = async () => (await createSession({ repositoryId: repository.id, actor })).id;
async function measure(mode: string, sessions: string[], before: (sessionId: string) => Promise<void>) {
  stages = [];
  const sequential: number[] = [];
  const failed: string[] = [];
  for (const sessionId of sessions.slice(0, RUNS)) {
    const { values, failed: why } = await settle([before(sessionId).then(() => timePrompt(sessionId))]);
    sequential.push(...values);
    failed.push(...why);
    await savedAfterPrompt(sessionId);
  }
  record({ mode, how: `${RUNS} one after another`, values: sequential, failed, stages });
  const together = sessions.slice(RUNS, RUNS + AT_ONCE);
  // Every session readied first, then every prompt sent together.
  await Promise.allSettled(together.map(before));
  const atOnce = await settle(together.map((sessionId) => timePrompt(sessionId)));
  await Promise.all(together.map(savedAfterPrompt));
  record({ mode, how: `${AT_ONCE} at once`, ...atOnce });
}

try {
  const sessions = await Promise.all(Array.from({ length: RUNS + AT_ONCE }, newSession));
  await measure("fresh", sessions, async () => undefined);
  // The repository's image, built as the schedule builds it; new sessions on main start from it.
  const { started } = await scheduleImageBuilds({ repositoryIds: [repository.id] });
  for (;;) {
    const image = await db.repositoryImage.findUniqueOrThrow({ where: { id: started[0]! } });
    if (image.status === "failed") throw new Error(`the image build failed: ${image.error}\n${image.output}`);
    if (image.status === "ready") {
      console.log(`(image built in ${image.durationMs} ms, ${(Number(image.sizeBytes) / 1024 / 1024).toFixed(1)} MiB)`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const imageSessions = await Promise.all(Array.from({ length: RUNS + AT_ONCE }, newSession));
  await measure("repo image", imageSessions, async () => undefined);
  await stopAll();
  // Each run's session was stopped; its sandbox is restored from the snapshot after its last prompt.
  await measure("snapshot restore", sessions, async () => {
    await stopAll();
  });
  await measure("warmed (restored while typing)", sessions, async (sessionId) => {
    await stopAll();
    await warm(sessionId);
  });
  await measure("resumed (suspended while idle)", sessions, suspendedSandbox);
  await stopAll();
  await measurePrepared("warmed (new session, prepared)");

  const snapshots = await db.sandboxSnapshot.findMany({ select: { durationMs: true, sizeBytes: true, reason: true } });
  printFigures(`boot: queued prompt → the agent's first model call (ms), local provider, ${databaseKind} database`);
  const taken = snapshots.map((snapshot) => snapshot.durationMs);
  const bytes = snapshots
    .filter((snapshot) => snapshot.reason === "prompt")
    .map((snapshot) => Number(snapshot.sizeBytes));
  console.log(
    `snapshots: ${snapshots.length} taken; time p50 ${percentile(taken, 50)} ms, p95 ${percentile(taken, 95)} ms; bytes added p50 ${(percentile(bytes, 50) / 1024).toFixed(0)} KiB, max ${(Math.max(...bytes) / 1024 / 1024).toFixed(1)} MiB`,
  );
  if (suspendedBytes.length > 0)
    console.log(
      `suspended sandboxes: memory held (proportional set size) p50 ${(percentile(suspendedBytes, 50) / 1024 / 1024).toFixed(0)} MiB, max ${(Math.max(...suspendedBytes) / 1024 / 1024).toFixed(0)} MiB`,
    );
  if (unsaved.length > 0)
    console.log(
      `not snapshotted within ${SAVE_WAIT_MS / 1000} s after their prompt (their next sandbox boots fresh): ${unsaved.join(", ")}`,
    );
} finally {
  await loop.stop();
  await database.drop();
  await rm(root, { recursive: true, force: true });
}
process.exit(0);
