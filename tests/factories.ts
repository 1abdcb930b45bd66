// Rows for integration tests, under random keys: tests run in parallel and never truncate tables.
import { randomBytes } from "node:crypto";
import { type Actor, actorFor } from "@/server/access/actor";
import { getDb } from "@/server/db";
import { createGitRepository, type GitRepositoryOptions, randomKey } from "./support/git-repositories";

export { createGitRepository, git, randomKey, temporaryDir } from "./support/git-repositories";

export async function createUser(overrides: { name?: string; email?: string } = {}) {
  const key = randomKey();
  return getDb().user.create({
    data: { name: overrides.name ?? `Person ${key}`, email: overrides.email ?? `person-${key}@example.com` },
    select: { id: true, name: true, email: true, image: true, githubLogin: true },
  });
}

/** This test file's administrator: the person NIGHTSHIFT_ADMINS names (tests/setup/integration-env.ts). */
export async function administrator() {
  const email = process.env.NIGHTSHIFT_ADMINS ?? "";
  return getDb().user.upsert({
    where: { email },
    create: { email, name: "Ada Admin" },
    update: {},
    select: { id: true, name: true, email: true, image: true, githubLogin: true },
  });
}

/** Who a test person acts as: what every door makes of them (an administrator only if NIGHTSHIFT_ADMINS names them). */
export function asActor(user: { id: string; email?: string | null; githubLogin?: string | null }): Actor {
  return actorFor({ id: user.id, email: user.email ?? null, githubLogin: user.githubLogin ?? null });
}

/**
 * A local repository row backed by a real git repository on disk, as adding it by path makes it
 * — written directly, so that test files which configure a GitHub App (where adding local
 * repositories is refused) can have one too.
 */
export async function createLocalRepository(addedById: string, options: GitRepositoryOptions = {}) {
  const { inspectLocalRepository } = await import("@/server/git/local/inspect-repository");
  const { repositorySelect } = await import("@/server/repositories/repository-select");
  const inspection = await inspectLocalRepository(await createGitRepository(options));
  if (!inspection.ok) throw new Error(inspection.message);
  const { path, name, defaultBranch, description } = inspection.repository;
  return getDb().repository.create({
    data: { provider: "local", externalId: path, owner: "local", name, defaultBranch, description, addedById },
    select: repositorySelect,
  });
}

/** A session on a fresh local repository, opened by `user`. */
export async function createSessionFor(user: { id: string }) {
  const { createSession } = await import("@/server/sessions/create-session");
  const repository = await createLocalRepository(user.id);
  return createSession({ repositoryId: repository.id, actor: asActor(user) });
}

/**
 * A sandbox row of `sessionId` as a running bridge has it — nothing runs — with its bridge token
 * and its model gateway token, to call the sandbox endpoints and the gateway as it would.
 */
export async function createLiveSandbox(sessionId: string, status: "ready" | "stopped" = "ready") {
  const { hashToken } = await import("@/server/security/tokens");
  const token = `nss_${randomBytes(16).toString("hex")}`;
  const gatewayToken = `nsg_${randomBytes(16).toString("hex")}`;
  const sandbox = await getDb().sandbox.create({
    data: {
      sessionId,
      provider: "local",
      status,
      bootMode: "fresh",
      tokenHash: hashToken(token),
      gatewayTokenHash: hashToken(gatewayToken),
      lastHeartbeatAt: new Date(),
    },
  });
  return { sandbox, token, gatewayToken };
}
