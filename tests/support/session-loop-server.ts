// The session loop's servers: the control plane's sandbox endpoints (the real route handlers,
// local repositories' git among them) and the public API (/api/v1) served over HTTP at NIGHTSHIFT_URL, pg-boss workers in a
// schema of their own, and the scripted fake model server at NIGHTSHIFT_MODEL_BASE_URL. Free of
// vitest, so the boot benchmark (benchmarks/boot.ts) runs it too; tests use ./session-loop.ts.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import * as ackRoute from "@/app/api/sandbox/commands/ack/route";
import * as commandsRoute from "@/app/api/sandbox/commands/route";
import * as eventsRoute from "@/app/api/sandbox/events/route";
import * as gitCredentialsRoute from "@/app/api/sandbox/git-credentials/route";
import * as gitRoute from "@/app/api/sandbox/git/[...path]/route";
import * as pullRequestsRoute from "@/app/api/sandbox/pull-requests/route";
import * as heartbeatRoute from "@/app/api/sandbox/heartbeat/route";
import * as modelGatewayRoute from "@/app/api/sandbox/models/[provider]/[...path]/route";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { startJobs, stopJobs } from "@/server/jobs/queue";
import { allJobs } from "@/server/jobs/registry";
import { scheduleImageBuildsJob } from "@/server/jobs/functions/schedule-image-builds";
import { getSandboxProvider } from "@/server/sandboxes/get-provider";
import { type FakeModelServer, startFakeModelServer } from "../fixtures/fake-model/server";
import { readBody } from "../fixtures/http";
import { v1Routes } from "./v1-routes";

type Handler = (req: Request) => Promise<Response>;

const routes: Record<string, Handler> = {
  "POST /api/sandbox/events": eventsRoute.POST,
  "GET /api/sandbox/commands": commandsRoute.GET,
  "POST /api/sandbox/commands/ack": ackRoute.POST,
  "POST /api/sandbox/heartbeat": heartbeatRoute.POST,
  "POST /api/sandbox/git-credentials": gitCredentialsRoute.POST,
  "POST /api/sandbox/pull-requests": pullRequestsRoute.POST,
};

export type SessionLoop = {
  model: FakeModelServer;
  /** Answers every event batch with 503 until `until` (ms since the epoch); counts those refusals. */
  failEventsUntil: (until: number) => void;
  refusedEventBatches: () => number;
  stop: () => Promise<void>;
};

export async function startSessionLoop(): Promise<SessionLoop> {
  const env = getEnv();
  const publicApi = await publicApiRoutes();
  let failEventsUntil = 0;
  let refused = 0;
  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else res.writeHead(500).end(String(error));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", env.controlPlaneUrl);
    const gateway = /^\/api\/sandbox\/models\/([^/]+)\/(.+)$/.exec(url.pathname);
    const gitPath = /^\/api\/sandbox\/git\/(.+)$/.exec(url.pathname)?.[1]?.split("/").map(decodeURIComponent);
    const gitHandler = req.method === "GET" ? gitRoute.GET : req.method === "POST" ? gitRoute.POST : undefined;
    const handler: Handler | undefined =
      publicApi.find(req.method ?? "GET", url.pathname) ??
      (gateway && req.method === "POST"
        ? (request) =>
            modelGatewayRoute.POST(request, {
              params: Promise.resolve({ provider: decodeURIComponent(gateway[1]!), path: gateway[2]!.split("/") }),
            })
        : gitPath && gitHandler
          ? (request) => gitHandler(request, { params: Promise.resolve({ path: gitPath }) })
          : routes[`${req.method} ${url.pathname}`]);
    if (!handler) return void res.writeHead(404).end();
    if (url.pathname === "/api/sandbox/events" && Date.now() < failEventsUntil) {
      refused += 1;
      return void res
        .writeHead(503, { "content-type": "application/json" })
        .end('{"error":{"code":"UNAVAILABLE","message":"injected failure"}}');
    }
    // git's packs are binary, and stream through as they come, as in Next.js.
    const body = req.method === "GET" ? undefined : gitPath ? Readable.toWeb(req) : await readBody(req);
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    const response = await handler(
      new Request(url, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: body as BodyInit | undefined,
        signal: aborted.signal,
        duplex: "half",
      } as RequestInit),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    // Passed on as it comes, as Next.js does: the model gateway's answers are streams.
    const reader = response.body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) res.write(chunk.value);
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(Number(new URL(env.controlPlaneUrl).port), "127.0.0.1", resolve));
  const model = await startFakeModelServer({ port: Number(new URL(env.NIGHTSHIFT_MODEL_BASE_URL!).port) });
  // Image builds run when a test asks (scheduleImageBuilds), not on the schedule's first tick.
  const jobs = allJobs.filter((job) => job.name !== scheduleImageBuildsJob.name);
  await startJobs({ schema: `pgboss_test_${randomBytes(4).toString("hex")}`, jobs });

  return {
    model,
    failEventsUntil: (until) => {
      failEventsUntil = until;
    },
    refusedEventBatches: () => refused,
    async stop() {
      await stopJobs();
      const live = await getDb().sandbox.findMany({
        where: { providerId: { not: null } },
        select: { providerId: true },
      });
      for (const sandbox of live) await getSandboxProvider().stop(sandbox.providerId!);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await model.close();
    },
  };
}

/** /api/v1's route handlers, found by method and path as Next.js routes them. */
async function publicApiRoutes(): Promise<{ find: (method: string, pathname: string) => Handler | undefined }> {
  const routes = Object.entries(await v1Routes()).map(([route, handler]) => {
    const [method, template] = route.split(" ") as [string, string];
    const names: string[] = [];
    const pattern = new RegExp(
      `^${template.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      })}$`,
    );
    return { method, pattern, names, handler };
  });
  return {
    find(method, pathname) {
      for (const route of routes) {
        const match = route.method === method ? route.pattern.exec(pathname) : null;
        if (!match) continue;
        const params = Object.fromEntries(
          route.names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]),
        );
        return (request) => route.handler(request, { params: Promise.resolve(params) });
      }
      return undefined;
    },
  };
}
