// A session's local repository served to its sandbox over git's smart HTTP protocol, at
// /api/sandbox/git/<repository id>.git: the one way a sandbox reaches a repository on this
// machine, clone and push, sealed or not — nothing of the machine is mounted into it. Each
// request carries the sandbox's short-lived credentials (./local-git-credentials.ts); they must
// be current, their sandbox live, the repository its session's, and one that holds or lies in
// Nightshift's data directory is never served. A push may update the session's branch alone
// (./push-guard.ts). Refusals are plain text, which git shows as "remote: …".
import { realpath } from "node:fs/promises";
import path from "node:path";
import { getDb } from "../../db";
import { getEnv } from "../../env";
import { AppError } from "../../errors";
import { logger } from "../../logger";
import { isLive } from "../../sandboxes/sandbox-status";
import { checkpointRef } from "../../../sandbox/bridge/protocol";
import { hostedRepositorySelect } from "../code-host";
import { runHttpBackend } from "./http-backend";
import { dataDirProblem } from "./inspect-repository";
import { openLocalGitPassword } from "./local-git-credentials";
import { CHECKPOINT_REF_VARIABLE, PUSH_REF_VARIABLE, pushGuardHooksDir } from "./push-guard";

/** The smart protocol's three requests; http-backend's dumb file serving is not offered. */
const SMART_REQUESTS = [
  { method: "GET", rest: "info/refs" },
  { method: "POST", rest: "git-upload-pack" },
  { method: "POST", rest: "git-receive-pack" },
] as const;
const SERVICES = new Set(["git-upload-pack", "git-receive-pack"]);

export async function serveLocalGit(req: Request, segments: string[]): Promise<Response> {
  try {
    return await serve(req, segments);
  } catch (error) {
    if (error instanceof AppError) return refusal(error);
    logger.error("serving a local repository failed", { path: new URL(req.url).pathname, error });
    return refusal(new AppError("INTERNAL", "Nightshift could not serve this repository; the error is logged."));
  }
}

async function serve(req: Request, segments: string[]): Promise<Response> {
  const url = new URL(req.url);
  const [first = "", ...more] = segments;
  const repositoryId = /^(.+)\.git$/.exec(first)?.[1];
  const rest = more.join("/");
  const service = rest === "info/refs" ? url.searchParams.get("service") : rest;
  const isSmart = SMART_REQUESTS.some((known) => known.method === req.method && known.rest === rest);
  if (!repositoryId || !isSmart || !service || !SERVICES.has(service))
    throw new AppError("NOT_FOUND", "Nightshift serves git's smart HTTP protocol here, and nothing else.");

  const password = basicPassword(req);
  if (!password)
    throw new AppError(
      "UNAUTHENTICATED",
      "A sandbox's git credentials are needed here; its credential helper gives them.",
    );
  const sandboxId = openLocalGitPassword(password);
  const sandbox = await getDb().sandbox.findUnique({
    where: { id: sandboxId },
    select: {
      status: true,
      session: { select: { id: true, branch: true, repository: { select: hostedRepositorySelect } } },
    },
  });
  if (!sandbox) throw new AppError("UNAUTHENTICATED", "These git credentials are for a sandbox that is gone.");
  if (!isLive(sandbox.status))
    throw new AppError(
      "UNAUTHENTICATED",
      `This sandbox is ${sandbox.status}; its git credentials are no longer valid.`,
    );
  const { repository, branch } = sandbox.session;
  if (repository.id !== repositoryId || repository.provider !== "local")
    throw new AppError("FORBIDDEN", "A sandbox's git credentials are good for its own session's repository only.");

  const { dataDir } = getEnv().sandboxes;
  const repositoryPath = await realpath(repository.externalId).catch(() => {
    throw new AppError("NOT_FOUND", `${repository.name} is no longer at ${repository.externalId}.`);
  });
  const exposes = dataDirProblem(repositoryPath, await realpath(dataDir).catch(() => path.resolve(dataDir)));
  if (exposes) throw new AppError("FORBIDDEN", exposes);

  return runHttpBackend({
    repositoryPath,
    pathInfo: `/${rest}`,
    method: req.method,
    query: url.search.slice(1),
    contentType: req.headers.get("content-type"),
    contentEncoding: req.headers.get("content-encoding"),
    gitProtocol: gitProtocolOf(req),
    body: req.body,
    remoteUser: `sandbox-${sandboxId}`,
    config: {
      "http.uploadpack": "true",
      "http.receivepack": "true",
      // Nightshift's hooks in place of the repository's own: they guard the push, and what the
      // repository's hooks would run on this machine is not a sandbox's to set off.
      "core.hooksPath": await pushGuardHooksDir(dataDir),
    },
    env: { [PUSH_REF_VARIABLE]: `refs/heads/${branch}`, [CHECKPOINT_REF_VARIABLE]: checkpointRef(sandbox.session.id) },
    signal: req.signal,
  });
}

function basicPassword(req: Request): string | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** The Git-Protocol header when it says what git says there (version=2), else nothing. */
function gitProtocolOf(req: Request): string | null {
  const value = req.headers.get("git-protocol");
  return value && /^[\w.=:-]{1,100}$/.test(value) ? value : null;
}

function refusal(error: AppError): Response {
  const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
  // git asks its credential helper on a 401 only when the answer asks for Basic credentials.
  if (error.status === 401) headers["www-authenticate"] = 'Basic realm="Nightshift"';
  return new Response(`${error.message}\n`, { status: error.status, headers });
}
