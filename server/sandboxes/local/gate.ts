// A sealed local sandbox's only ways out, opened by the local provider in its own process: Unix
// sockets in a directory that is bind-mounted into the sandbox, where the bridge listens for them
// on the sandbox's loopback (sandbox/bridge/gate.ts).
//
// - The control plane: HTTP requests to its sandbox endpoints (/api/sandbox/…: the bridge's, the
//   git credentials, the model gateway) are passed to it, over HTTPS when its URL says so;
//   anything else is refused. Inside, it is http://127.0.0.1:<its port>, which for a control
//   plane on this machine's loopback is its URL unchanged.
// - The code host's port, when the code host is on this machine (a development or test setup).
// - The egress proxy (HTTP_PROXY, HTTPS_PROXY): CONNECT tunnels and plain HTTP requests to where
//   the repository's egress policy allows (../egress-policy.ts), to the address it checked.
//
// No database, realtime server, job worker or other sandbox is reachable: nothing else is forwarded.
import { mkdirSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, request as httpRequest, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect, createServer as createTcpServer, type Socket } from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import { logger } from "../../logger";
import { decideEgress, type EgressPolicy } from "../egress-policy";

/**
 * What the sandbox may reach outside its network: the port it sees on its loopback, and where
 * that leads — raw TCP to `host:targetPort`, or, with `onlyPathPrefix`, HTTP requests under that
 * path to `https:` or `http:` `host:targetPort`.
 */
export type ForwardedPort = {
  port: number;
  host: string;
  targetPort: number;
  onlyPathPrefix?: string;
  protocol?: "http:" | "https:";
};

export type Gate = {
  /** The directory to bind into the sandbox. */
  dir: string;
  /** The port the egress proxy listens on inside the sandbox. */
  proxyPort: number;
  /** The port the control plane's sandbox endpoints are on inside the sandbox (the filtered one). */
  controlPlanePort: number;
  close: () => Promise<void>;
};

/** The ports the proxy may take inside, the first one not forwarded. */
const PROXY_PORTS = [3128, 3129, 8118, 18080];

export async function openGate(options: {
  dir: string;
  forward: ForwardedPort[];
  egress: EgressPolicy;
  sandboxId: string;
}): Promise<Gate> {
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const forwarded = new Set(options.forward.map((entry) => entry.port));
  const proxyPort = PROXY_PORTS.find((port) => !forwarded.has(port))!;
  const servers: Array<Server | ReturnType<typeof createTcpServer>> = [];
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };

  for (const entry of options.forward) {
    const server = entry.onlyPathPrefix ? endpointFilter(entry, entry.onlyPathPrefix) : tcpForward(entry);
    server.on("connection", track);
    servers.push(server);
  }
  const proxy = egressProxy(options.egress, options.sandboxId);
  proxy.on("connection", track);
  servers.push(proxy);

  const listenOn = [...options.forward.map((entry) => entry.port), proxyPort];
  await Promise.all(
    servers.map(
      (server, index) =>
        new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen(path.join(options.dir, `${listenOn[index]}.sock`), () => resolve());
        }),
    ),
  );

  return {
    dir: options.dir,
    proxyPort,
    controlPlanePort: options.forward.find((entry) => entry.onlyPathPrefix)?.port ?? 0,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
      rmSync(options.dir, { recursive: true, force: true });
    },
  };
}

/** HTTP to the control plane, only under `prefix`; paths are normalised before they are judged. */
function endpointFilter(entry: ForwardedPort, prefix: string): Server {
  const server = createHttpServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? "/", "http://sandbox.invalid");
    } catch {
      return void res.writeHead(400).end();
    }
    if (target.origin !== "http://sandbox.invalid" || !target.pathname.startsWith(prefix)) {
      res.writeHead(403, { "content-type": "application/json" });
      return void res.end(
        JSON.stringify({
          error: {
            code: "FORBIDDEN",
            message: `A sandbox reaches only Nightshift's sandbox endpoints (${prefix}…), not ${target.pathname}.`,
          },
        }),
      );
    }
    const upstream = (entry.protocol === "https:" ? httpsRequest : httpRequest)({
      host: entry.host,
      port: entry.targetPort,
      method: req.method,
      path: target.pathname + target.search,
      // The Host the control plane knows itself by, not the loopback address the sandbox used.
      headers: {
        ...req.headers,
        host: entry.targetPort === 80 || entry.targetPort === 443 ? entry.host : `${entry.host}:${entry.targetPort}`,
      },
      servername: entry.protocol === "https:" ? entry.host : undefined,
    });
    upstream.on("response", (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502).end();
    });
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });
  // No tunnels and no protocol switches through the control plane's port.
  server.on("connect", (_req: IncomingMessage, socket: Socket) => socket.end("HTTP/1.1 403 Forbidden\r\n\r\n"));
  server.on("upgrade", (_req: IncomingMessage, socket: Socket) => socket.end("HTTP/1.1 403 Forbidden\r\n\r\n"));
  return server;
}

function tcpForward(entry: ForwardedPort) {
  return createTcpServer((inside) => {
    const outside = connect(entry.targetPort, entry.host);
    inside.pipe(outside).pipe(inside);
    inside.on("error", () => outside.destroy());
    outside.on("error", () => inside.destroy());
  });
}

function refuse(socket: Duplex, reason: string): void {
  const body = `Nightshift's egress policy refused this connection: ${reason}.\n`;
  socket.end(
    `HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** An HTTP proxy that enforces the policy: CONNECT for HTTPS (and anything else over TCP), and plain HTTP. */
function egressProxy(policy: EgressPolicy, sandboxId: string): Server {
  const server = createHttpServer((req, res) => {
    void (async () => {
      let target: URL;
      try {
        target = new URL(req.url ?? "");
      } catch {
        return void res
          .writeHead(400, { "content-type": "text/plain" })
          .end("A proxy request needs an absolute URL.\n");
      }
      if (target.protocol !== "http:")
        return void res.writeHead(400, { "content-type": "text/plain" }).end("Only http:// is proxied in the clear.\n");
      const decision = await decideEgress(target.hostname, policy);
      if (!decision.allowed) {
        logger.info("sandbox egress refused", { sandboxId, host: target.hostname, reason: decision.reason });
        return void refuse(res.socket!, decision.reason);
      }
      const upstream = httpRequest({
        host: decision.address,
        port: Number(target.port || 80),
        method: req.method,
        path: target.pathname + target.search,
        headers: { ...req.headers, host: target.host },
      });
      upstream.on("response", (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => {
        if (res.headersSent) res.destroy();
        else res.writeHead(502, { "content-type": "text/plain" }).end(`${target.host} could not be reached.\n`);
      });
      res.on("close", () => upstream.destroy());
      req.pipe(upstream);
    })();
  });
  server.on("connect", (req: IncomingMessage, inside: Socket, head: Buffer) => {
    void (async () => {
      const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(req.url ?? "");
      if (!match) return refuse(inside, `"${req.url}" is not a host and port`);
      const decision = await decideEgress(match[1]!, policy);
      if (!decision.allowed) {
        logger.info("sandbox egress refused", { sandboxId, host: match[1], reason: decision.reason });
        return refuse(inside, decision.reason);
      }
      const outside = connect(Number(match[2]), decision.address, () => {
        inside.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head.length > 0) outside.write(head);
        inside.pipe(outside).pipe(inside);
      });
      outside.on("error", () => {
        if (inside.writable && outside.connecting) inside.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
        inside.destroy();
      });
      inside.on("error", () => outside.destroy());
    })();
  });
  return server;
}
