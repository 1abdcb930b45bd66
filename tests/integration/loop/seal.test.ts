// A sealed sandbox, tried as an attacker would: a scripted agent (the real OpenCode, in
// bubblewrap, through the model gateway) lists the listening TCP ports it can see and tries each,
// tries the control plane's database and another service listening on this machine, asks the
// control plane for something other than its sandbox endpoints, asks the egress proxy for private
// and metadata addresses, and looks for the model provider's key in its environment, its files
// and every process it can see, looks for its repository's directory on the machine, and pushes
// to the default branch itself. All of that fails; the same prompt still completes through the
// gateway (which adds the key) and its commit is pushed. Without bubblewrap it is skipped, saying
// so (under CI=true it fails: CI installs bubblewrap).
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/server/db";
import { createSession } from "@/server/sessions/create-session";
import { asActor, createLocalRepository, createUser, git } from "../../factories";
import { bubblewrap, needs } from "../../support/requirements";
import { waitForMessage, withSessionLoop } from "../../support/session-loop";

const MODEL_KEY = vi.hoisted(() => {
  // The custom endpoint's key, which only the control plane may hold.
  const key = `sk-seal-${Math.random().toString(36).slice(2)}-must-not-leak`;
  process.env.NIGHTSHIFT_MODEL_API_KEY = key;
  return key;
});

const loop = withSessionLoop();

/** Another service on this machine, counting who connects. */
let service: Server;
let serviceConnections = 0;
beforeAll(async () => {
  service = createServer((socket) => {
    serviceConnections += 1;
    socket.end("hello from the host\n");
  });
  await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => service.close(resolve));
});

/** The probe the agent runs: each finding written to a file, all committed on the session branch. */
function probe(targets: {
  database: number;
  databaseSocketDir: string | null;
  service: number;
  controlPlane: number;
  /** The session's repository on the machine. */
  origin: string;
}): string {
  const tryPort = (port: number | string) =>
    `(timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port}' 2>/dev/null && echo open || echo closed)`;
  const proxied = (target: string) =>
    `(timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/$PROXY_PORT; printf "CONNECT ${target} HTTP/1.1\\r\\nHost: ${target}\\r\\n\\r\\n" >&3; head -1 <&3' 2>/dev/null | tr -d '\\r' || echo unreachable)`;
  return [
    "set +e",
    "export PROXY_PORT=${HTTPS_PROXY##*:}",
    // Every listening TCP port the sandbox can see (state 0A), and whether each one answers.
    'for f in /proc/net/tcp /proc/net/tcp6; do awk \'NR>1 && $4=="0A" {split($2,a,":"); print strtonum("0x" a[2])}\' $f 2>/dev/null; done | sort -un > ports.txt',
    `${tryPort(targets.database)} > database.txt`,
    // The embedded database listens on a Unix socket instead of a port: its directory is not there.
    `(test -e '${targets.databaseSocketDir ?? "/nonexistent"}' && echo visible || echo absent) > database-socket.txt`,
    `${tryPort(targets.service)} > service.txt`,
    // The control plane's port leads to its sandbox endpoints only.
    `(timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/${targets.controlPlane}; printf "GET /api/v1/sessions HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n" >&3; head -1 <&3' | tr -d '\\r') > control-plane.txt`,
    `(timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/${targets.controlPlane}; printf "GET /api/sandbox/../v1/sessions HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n" >&3; head -1 <&3' | tr -d '\\r') > control-plane-dots.txt`,
    `${proxied("10.0.0.1:80")} > private.txt`,
    `${proxied("169.254.169.254:80")} > metadata.txt`,
    `${proxied(`127.0.0.1:${targets.database}`)} > loopback.txt`,
    `${proxied("[fd00:ec2::254]:80")} > ula.txt`,
    // Allowed by the policy; the machine has no way to the internet, so it ends at the proxy.
    `${proxied("93.184.215.14:80")} > public.txt`,
    // The model key: in the environment, in files, in any process the sandbox can see.
    // (Written in two halves: the command itself is kept in OpenCode's files, and must not match.)
    `KEY=$(printf '%s%s' '${MODEL_KEY.slice(0, 10)}' '${MODEL_KEY.slice(10)}')`,
    `(env; cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'; grep -rs "$KEY" /home /workspace /tmp /run /opt 2>/dev/null) | grep -c "$KEY" > key.txt`,
    "env | grep -E '^(ANTHROPIC_API_KEY|OPENAI_API_KEY|OPENCODE_API_KEY|NIGHTSHIFT_MODEL_API_KEY|NIGHTSHIFT_PROVIDER_.*_KEY)=' | cut -d= -f1 > key-names.txt",
    // The repository on the machine is not mounted: it is reached over git alone, where the
    // agent's own git has no credentials.
    `(test -e '${targets.origin}' && echo visible || echo absent) > repository.txt`,
    "(git push -q origin HEAD:refs/heads/main </dev/null >/dev/null 2>&1 && echo pushed || echo refused) > push.txt",
    "git add -A && git commit -q -m probe",
  ].join("\n");
}

/**
 * Has the agent of a new session run `command` in a repository with this network access, the
 * prompt complete, and returns a reader of the files it committed on the session branch.
 */
async function runProbe(command: (origin: string) => string, egressMode: "public" | "none" = "public") {
  const user = await createUser();
  const repository = await createLocalRepository(user.id);
  const { externalId: origin } = await getDb().repository.findUniqueOrThrow({ where: { id: repository.id } });
  const mainBefore = git(origin, "rev-parse", "refs/heads/main");
  if (egressMode !== "public")
    await getDb().repositorySettings.create({ data: { repositoryId: repository.id, egressMode } });
  loop.model.script([
    { toolCalls: [{ name: "bash", arguments: { command: command(origin), description: "Probe" } }] },
    { text: "Probed." },
  ]);
  const session = await createSession({
    repositoryId: repository.id,
    actor: asActor(user),
    prompt: { content: "Look around", source: "api" },
  });
  const message = await getDb().message.findFirstOrThrow({ where: { sessionId: session.id } });
  expect(await waitForMessage(message.id, ["completed", "failed"], 120_000)).toMatchObject({ status: "completed" });
  // Whatever the agent tried, the default branch is where it was.
  expect(git(origin, "rev-parse", "refs/heads/main")).toBe(mainBefore);
  return (file: string) => git(origin, "show", `${session.branch}:${file}`).trim();
}

describe("a sealed sandbox", () => {
  it(
    "reaches neither the database nor other services, refuses private egress, holds no model key, and still completes a prompt",
    { timeout: 180_000 },
    async (context) => {
      needs(context, bubblewrap);
      const database = new URL(process.env.DATABASE_URL!);
      const targets = {
        database: Number(database.port || 5432),
        databaseSocketDir: database.searchParams.get("host"),
        service: (service.address() as { port: number }).port,
        controlPlane: Number(new URL(process.env.NIGHTSHIFT_URL!).port),
      };
      const read = await runProbe((origin) => probe({ ...targets, origin }));

      // Only the sandbox's own listeners are visible; the database's port is not among them.
      const visible = read("ports.txt").split("\n").map(Number);
      expect(visible).not.toContain(targets.database);
      expect(read("database.txt")).toBe("closed");
      expect(read("database-socket.txt")).toBe("absent");
      expect(read("service.txt")).toBe("closed");
      expect(serviceConnections).toBe(0);
      expect(read("control-plane.txt")).toBe("HTTP/1.1 403 Forbidden");
      expect(read("control-plane-dots.txt")).toBe("HTTP/1.1 403 Forbidden");
      for (const file of ["private.txt", "metadata.txt", "loopback.txt", "ula.txt"])
        expect([file, read(file)]).toEqual([file, "HTTP/1.1 403 Forbidden"]);
      expect(read("public.txt")).not.toBe("HTTP/1.1 403 Forbidden");

      expect(read("key.txt")).toBe("0");
      expect(read("key-names.txt")).toBe("");
      expect(read("repository.txt")).toBe("absent");
      expect(read("push.txt")).toBe("refused");
      // The gateway added the key on the way to the model.
      const calls = loop.model.requests.filter((request) => !request.isTitleRequest);
      expect(calls.length).toBeGreaterThan(0);
      for (const call of calls) expect(call.apiKey).toBe(MODEL_KEY);
    },
  );

  it(
    "with no network allowed, reaches nothing outside, and still works through the gateway",
    { timeout: 180_000 },
    async (context) => {
      needs(context, bubblewrap);
      const connect = (target: string) =>
        `(timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/\${HTTPS_PROXY##*:}; printf "CONNECT ${target} HTTP/1.1\\r\\nHost: ${target}\\r\\n\\r\\n" >&3; cat <&3' | tr -d '\\r')`;
      const read = await runProbe(
        () => `${connect("93.184.215.14:443")} > public.txt; git add -A && git commit -q -m probe`,
        "none",
      );
      const answer = read("public.txt");
      expect(answer).toContain("HTTP/1.1 403 Forbidden");
      expect(answer).toContain(
        "Nightshift's egress policy refused this connection: this repository's sandboxes may not reach the network.",
      );
    },
  );
});
