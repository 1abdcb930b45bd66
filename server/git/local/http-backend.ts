// Runs `git http-backend`, git's own CGI program for its smart HTTP protocol, for one request:
// the request's body streamed in (http-backend itself inflates a gzip body, as git sends larger
// fetch negotiations), the CGI headers it prints parsed into the response's status and headers,
// and the rest streamed out as it comes. Only the variables below reach it, not the control
// plane's environment.
import { spawn } from "node:child_process";
import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { logger } from "../../logger";

/** Longer than the bridge waits for a clone (5 minutes); a request still running is ended. */
const TIME_LIMIT_MS = 15 * 60_000;
const MAX_HEADER_BYTES = 64 * 1024;

export type HttpBackendRequest = {
  /** The repository: a bare repository's directory, or a working tree's top level. */
  repositoryPath: string;
  /** After the repository: /info/refs, /git-upload-pack or /git-receive-pack. */
  pathInfo: string;
  method: string;
  query: string;
  contentType: string | null;
  contentEncoding: string | null;
  /** The Git-Protocol header (version=2), passed on so that protocol v2 is spoken. */
  gitProtocol: string | null;
  body: ReadableStream<Uint8Array> | null;
  /** Who http-backend is told asked (receive-pack is refused to nobody). */
  remoteUser: string;
  /** git configuration for this request alone, set through GIT_CONFIG_COUNT/KEY/VALUE. */
  config: Record<string, string>;
  /** More variables for git and the hooks it runs. */
  env: Record<string, string>;
  signal: AbortSignal;
};

export function runHttpBackend(request: HttpBackendRequest): Promise<Response> {
  const configEntries = Object.entries(request.config);
  const env: Record<string, string> = {
    // git needs to find itself, and the person's global configuration (safe.directory, say).
    // eslint-disable-next-line no-restricted-properties
    ...pick(process.env, ["PATH", "HOME"]),
    GIT_PROJECT_ROOT: request.repositoryPath,
    PATH_INFO: request.pathInfo,
    GIT_HTTP_EXPORT_ALL: "1",
    REQUEST_METHOD: request.method,
    QUERY_STRING: request.query,
    CONTENT_TYPE: request.contentType ?? "",
    REMOTE_USER: request.remoteUser,
    ...(request.contentEncoding ? { HTTP_CONTENT_ENCODING: request.contentEncoding } : {}),
    ...(request.gitProtocol ? { HTTP_GIT_PROTOCOL: request.gitProtocol } : {}),
    GIT_CONFIG_COUNT: String(configEntries.length),
    ...Object.fromEntries(
      configEntries.flatMap(([key, value], index) => [
        [`GIT_CONFIG_KEY_${index}`, key],
        [`GIT_CONFIG_VALUE_${index}`, value],
      ]),
    ),
    ...request.env,
  };
  // A process group of its own, so that ending it ends the upload-pack or receive-pack it runs.
  const child = spawn("git", ["http-backend"], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let hasAnswered = false;
  child.stdout.once("end", () => (hasAnswered = true));
  // The caller went away, or it ran too long; once its answer is out, it is left to finish.
  const end = () => {
    if (hasAnswered || !child.pid) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(end, TIME_LIMIT_MS);
  timer.unref();
  if (request.signal.aborted) end();
  else request.signal.addEventListener("abort", end, { once: true });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderr.length < 8_000) stderr += chunk.toString("utf8");
  });
  child.once("error", (error) => logger.error("git http-backend could not start", { error }));
  child.once("close", (code, signal) => {
    clearTimeout(timer);
    request.signal.removeEventListener("abort", end);
    if (code !== 0)
      logger.warn("git http-backend failed", { path: request.pathInfo, code, signal, stderr: stderr.trim() });
  });

  // The body may end before http-backend has read it all (it refused the request): no harm.
  child.stdin.on("error", () => {});
  if (request.body) {
    const body = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
    body.on("error", () => child.stdin.destroy());
    body.pipe(child.stdin);
  } else {
    child.stdin.end();
  }
  return cgiResponse(child.stdout, () => end());
}

/** The CGI program's output as a response: its header lines (Status among them), then the body as it comes. */
function cgiResponse(stdout: Readable, abandon: () => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onEnd = () => {
      cleanup();
      reject(new Error(`git http-backend ended before its headers: ${head.toString("utf8").slice(0, 200)}`));
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const boundary = headerBoundary(head);
      if (!boundary) {
        if (head.length <= MAX_HEADER_BYTES) return;
        cleanup();
        abandon();
        return reject(new Error("git http-backend printed no end to its headers."));
      }
      cleanup();
      const { status, headers } = parseCgiHeaders(head.subarray(0, boundary.index).toString("latin1"));
      const body = new PassThrough();
      body.write(head.subarray(boundary.index + boundary.length));
      stdout.pipe(body);
      resolve(new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { status, headers }));
    };
    const cleanup = () => {
      stdout.off("data", onData);
      stdout.off("end", onEnd);
      stdout.pause();
    };
    stdout.on("data", onData);
    stdout.once("end", onEnd);
  });
}

/** Where the header lines end: CGI allows LF as well as CRLF. */
function headerBoundary(buffer: Buffer): { index: number; length: number } | null {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  if (crlf < 0 && lf < 0) return null;
  if (lf < 0 || (crlf >= 0 && crlf < lf)) return { index: crlf, length: 4 };
  return { index: lf, length: 2 };
}

export function parseCgiHeaders(text: string): { status: number; headers: Headers } {
  const headers = new Headers();
  let status = 200;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 500;
    else headers.append(name, value);
  }
  return { status, headers };
}

function pick(source: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (source[name] ? [[name, source[name]]] : [])));
}
