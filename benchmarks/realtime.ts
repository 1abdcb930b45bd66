// `npm run bench:realtime [seconds]`: live sessions under load, on the embedded stack (PGlite,
// the embedded Pusher-protocol server, `npm start`). Prints figures and asserts nothing; record
// them in docs/benchmarks.md.
//   - 20 sessions, each with a simulated bridge producing 50 events/s and delivering them to the
//     real /api/sandbox/events endpoint as the real bridge does (everything waiting in one batch,
//     one request in flight), and 3 headless pusher-js clients per session; one real Chromium page
//     on one session's page. Latency: from the event's creation in the bridge to each receipt.
//   - Sustained ingest: events stored per second meanwhile.
//   - First render of a session page holding 20,000 events.
// With BENCH_DATABASE_URL set to an empty Postgres database, that database is used instead of the
// embedded one (as production would be).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import Pusher from "pusher";
import PusherClient from "pusher-js";
import type { BridgeEvent } from "../sandbox/bridge/protocol";
import { startApp } from "../scripts/lib/app-process";
import { parseTimelineMessage } from "../server/realtime/channels";
import { embeddedPusherEnv, type PusherCredentials } from "../server/realtime/local/pusher-server";
import { launchBrowser, submitSignIn } from "../tests/e2e/support/browser";
import { percentile } from "./lib/stats";

const SECONDS = Number(process.argv[2] ?? 20);
const SESSIONS = 20;
const CLIENTS_PER_SESSION = 3;
const EVENTS_PER_SECOND = 50;
const BIG_SESSION_EVENTS = 20_000;

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "nightshift-bench-"));
  const credentials = { appId: "bench", key: randomBytes(8).toString("hex"), secret: randomBytes(24).toString("hex") };
  const realtime = await startRealtime(credentials);
  const person = { name: "Bench", email: "bench@example.com" };
  const external = process.env.BENCH_DATABASE_URL;
  const app = await startApp({
    dataDir: path.join(root, ".nightshift"),

    env: {
      NIGHTSHIFT_MODEL_BASE_URL: "http://127.0.0.1:9/v1",
      NIGHTSHIFT_MODEL_NAMES: "fake-coder",
      ...embeddedPusherEnv(credentials, realtime.port),
      ...(external ? { DATABASE_URL: external } : {}),
    },
  });
  const browser = await launchBrowser();
  const db = new pg.Client({ connectionString: external ?? embeddedDatabaseUrl(app.databaseUrl()) });
  const clients: PusherClient[] = [];
  try {
    const page = await browser.newPage();
    await submitSignIn(page, app.url, person);
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await db.connect();
    const repository = repositoryPath(root);
    const { sessions, tokens } = await seedSessions(db, person.email, repository);

    // Receivers: 3 headless clients per session, and one Chromium page.
    const signer = new Pusher({ ...credentials, host: "127.0.0.1", port: String(realtime.port), useTLS: false });
    const headless: number[] = [];
    for (const sessionId of sessions) {
      for (let index = 0; index < CLIENTS_PER_SESSION; index++) {
        const client = new PusherClient(credentials.key, {
          cluster: "local",
          wsHost: "127.0.0.1",
          wsPort: realtime.port,
          forceTLS: false,
          enabledTransports: ["ws"],
          channelAuthorization: {
            endpoint: "/unused",
            transport: "ajax",
            customHandler: (params, callback) =>
              callback(null, signer.authorizeChannel(params.socketId, params.channelName)),
          },
        });
        clients.push(client);
        const channel = client.subscribe(`private-session-${sessionId}`);
        channel.bind("timeline", (message: unknown) => headless.push(...latencies(message)));
        await new Promise((resolve) => channel.bind("pusher:subscription_succeeded", resolve));
      }
    }
    const chromium: number[] = [];
    page.on("websocket", (socket) =>
      socket.on("framereceived", ({ payload }) => {
        const frame = JSON.parse(String(payload)) as { event?: string; data?: string };
        if (frame.event === "timeline" && frame.data) chromium.push(...latencies(JSON.parse(frame.data)));
      }),
    );
    await page.goto(`${app.url}/sessions/${sessions[0]}`);
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor();

    // Load: each session's "bridge" posts numbered batches, one in flight at a time, like the real one.
    const before = await storedEvents(db);
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    const counts = { produced: 0, failures: 0 };
    await Promise.all(tokens.map((token) => bridge(app.url, token, deadline, counts)));
    const elapsed = (Date.now() - started) / 1000;
    const stored = (await storedEvents(db)) - before;
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // the last deliveries

    console.log(`database: ${external ? "Postgres (BENCH_DATABASE_URL)" : "embedded (PGlite)"}`);
    console.log(
      `realtime under load: ${SESSIONS} sessions × ${EVENTS_PER_SECOND} events/s, ${CLIENTS_PER_SESSION} headless clients each, one Chromium page, ${SECONDS} s`,
    );
    console.log(
      `  events stored: ${stored} in ${elapsed.toFixed(1)} s = ${(stored / elapsed).toFixed(0)} events/s (asked: ${SESSIONS * EVENTS_PER_SECOND}/s; the bridges produced ${counts.produced} in ${SECONDS} s); failed requests: ${counts.failures}`,
    );
    for (const [name, values] of [
      ["headless clients", headless],
      ["Chromium page", chromium],
    ] as const) {
      console.log(
        `  ${name}: ${values.length} receipts, latency p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, p99 ${percentile(values, 99)} ms`,
      );
    }

    // A session holding 20,000 events: time to first render of its page.
    const big = await seedBigSession(db, person.email, repository);
    for (let round = 0; round < 3; round++) {
      const start = Date.now();
      await page.goto(`${app.url}/sessions/${big}`);
      await page.locator('[role="log"] [data-kind="assistant-text"]').first().waitFor();
      console.log(
        `  first render of a session page holding ${BIG_SESSION_EVENTS} events: ${Date.now() - start} ms (navigation to the timeline shown)`,
      );
    }
  } finally {
    for (const client of clients) client.disconnect();
    await db.end().catch(() => {});
    await browser.close();
    await app.stop();
    realtime.process.kill("SIGTERM");
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * One sandbox's bridge, as the real outbox behaves: events are produced at 50/s whatever the
 * control plane does, and each request carries everything waiting (up to 200), one in flight.
 */
async function bridge(
  baseUrl: string,
  token: string,
  deadline: number,
  counts: { produced: number; failures: number },
): Promise<void> {
  const pending: BridgeEvent[] = [];
  let produced = 0;
  const producer = setInterval(() => {
    if (Date.now() >= deadline) return;
    produced += 1;
    counts.produced += 1;
    // The moment it was made travels in the text: events are stored as their schema says, nothing more.
    pending.push({ type: "token", data: { partId: "p", text: `w${produced}@${Date.now()} ` }, messageId: null });
  }, 1000 / EVENTS_PER_SECOND);
  let batch = 1;
  while (Date.now() < deadline || pending.length > 0) {
    if (pending.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      continue;
    }
    const events = pending.slice(0, 200);
    const response = await fetch(`${baseUrl}/api/sandbox/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ batch, events }),
    }).catch(() => null);
    await response?.text();
    if (response?.ok) {
      pending.splice(0, events.length);
      batch += 1;
    } else {
      counts.failures += 1;
    }
  }
  clearInterval(producer);
}

/** The launcher prints the embedded database's address without its (fixed, loopback-only) credentials. */
function embeddedDatabaseUrl(printed: string | undefined): string {
  const url = new URL(printed ?? "");
  url.username = "postgres";
  url.password = "postgres";
  return url.toString();
}

/** Milliseconds from each event's creation in the bridge to now, for the events of one message. */
function latencies(raw: unknown): number[] {
  const now = Date.now();
  return (parseTimelineMessage(raw)?.events ?? []).flatMap((event) => {
    const sentAt = "data" in event && event.type === "token" ? /@(\d+) $/.exec(event.data.text)?.[1] : undefined;
    return sentAt ? [now - Number(sentAt)] : [];
  });
}

function repositoryPath(root: string): string {
  const dir = path.join(root, "repo");
  execFileSync("git", ["init", "-q", "-b", "main", dir]);
  execFileSync("git", [
    "-C",
    dir,
    "-c",
    "user.name=Bench",
    "-c",
    "user.email=bench@example.com",
    "commit",
    "-q",
    "--allow-empty",
    "-m",
    "start",
  ]);
  return dir;
}

async function seedSessions(db: pg.Client, email: string, repo: string) {
  const { rows: users } = await db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
  const userId = users[0]!.id;
  const repositoryId = `bench-repo-${randomBytes(4).toString("hex")}`;
  await db.query(
    `INSERT INTO repositories (id, provider, external_id, owner, name, default_branch, created_at, updated_at) VALUES ($1, 'local', $2, 'local', 'bench', 'main', now(), now())`,
    [repositoryId, repo],
  );
  const sessions: string[] = [];
  const tokens: string[] = [];
  for (let index = 0; index < SESSIONS; index++) {
    const id = `bench-session-${index}-${randomBytes(3).toString("hex")}`;
    await db.query(
      `INSERT INTO sessions (id, repository_id, base_branch, branch, status, model, created_by_id, created_at, updated_at) VALUES ($1, $2, 'main', $3, 'active', 'custom/fake-coder', $4, now(), now())`,
      [id, repositoryId, `nightshift/${id}`, userId],
    );
    await db.query(`INSERT INTO session_participants (session_id, user_id, role) VALUES ($1, $2, 'owner')`, [
      id,
      userId,
    ]);
    const token = `nss_${randomBytes(32).toString("base64url")}`;
    await db.query(
      `INSERT INTO sandboxes (id, session_id, provider, status, boot_mode, token_hash, last_heartbeat_at, last_activity_at, created_at, updated_at) VALUES ($1, $2, 'bench', 'ready', 'fresh', $3, now() + interval '1 hour', now(), now(), now())`,
      [
        `bench-sandbox-${index}-${randomBytes(3).toString("hex")}`,
        id,
        createHash("sha256").update(token).digest("hex"),
      ],
    );
    sessions.push(id);
    tokens.push(token);
  }
  return { sessions, tokens };
}

async function seedBigSession(db: pg.Client, email: string, repo: string): Promise<string> {
  const { sessions } = await seedSessionsOnce(db, email, repo);
  const id = sessions[0]!;
  await db.query(
    `INSERT INTO events (id, session_id, seq, type, data, created_at)
     SELECT 'bench-event-' || $1 || '-' || n, $1, n, 'token', jsonb_build_object('partId', 'p' || (n / 50), 'text', 'word' || n || ' '), now()
     FROM generate_series(1, $2::int) AS n`,
    [id, BIG_SESSION_EVENTS],
  );
  await db.query("UPDATE sessions SET last_event_seq = $2 WHERE id = $1", [id, BIG_SESSION_EVENTS]);
  return id;
}

async function seedSessionsOnce(db: pg.Client, email: string, repo: string) {
  const { rows: users } = await db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
  const { rows: repos } = await db.query<{ id: string }>("SELECT id FROM repositories WHERE external_id = $1", [repo]);
  const id = `bench-big-${randomBytes(3).toString("hex")}`;
  await db.query(
    `INSERT INTO sessions (id, repository_id, base_branch, branch, status, model, created_by_id, created_at, updated_at) VALUES ($1, $2, 'main', $3, 'completed', 'custom/fake-coder', $4, now(), now())`,
    [id, repos[0]!.id, `nightshift/${id}`, users[0]!.id],
  );
  return { sessions: [id] };
}

async function storedEvents(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ count: string }>("SELECT count(*) FROM events");
  return Number(rows[0]!.count);
}

async function startRealtime(credentials: PusherCredentials): Promise<{ port: number; process: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.resolve("benchmarks/lib/pusher-server-process.ts"),
      credentials.appId,
      credentials.key,
      credentials.secret,
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`the realtime server exited with ${code}`)));
  });
  return { port, process: child };
}

await main();
