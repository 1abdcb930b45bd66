// The GitHub App's repositories become Nightshift's: each repository an installation can reach is
// added, or brought up to date (renamed, transferred, default branch or visibility changed — its
// GitHub id stays); one an installation no longer reaches keeps its row (its sessions need it)
// but loses its installation, so no sandbox can start on it. Runs when the repositories are listed,
// at most once a minute.
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { getGithubApp, listInstallationRepositories } from "../git/github/github-app";
import { logger } from "../logger";

const SYNC_INTERVAL_MS = 60_000;
const state = globalThis as typeof globalThis & {
  nightshiftGithubSync?: { at: number; running: Promise<SyncResult> | null };
};

export type SyncResult = { added: number; updated: number; detached: number };

export async function syncGithubRepositories(db: DbClient = getDb(), env: Env = getEnv()): Promise<SyncResult> {
  const { installationIds, repositories: found } = await listInstallationRepositories(getGithubApp(env));
  let added = 0;
  let updated = 0;
  for (const { installationId, repository } of found) {
    const data = {
      externalId: repository.full_name,
      owner: repository.owner.login,
      name: repository.name,
      defaultBranch: repository.default_branch ?? "main",
      description: repository.description ?? null,
      isPrivate: repository.private,
      installationId: BigInt(installationId),
    };
    const existing = await db.repository.findFirst({
      where: { OR: [{ githubId: BigInt(repository.id) }, { provider: "github", externalId: repository.full_name }] },
      select: { id: true },
    });
    if (existing) {
      await db.repository.update({ where: { id: existing.id }, data: { ...data, githubId: BigInt(repository.id) } });
      updated += 1;
    } else {
      await db.repository.upsert({
        where: { provider_externalId: { provider: "github", externalId: repository.full_name } },
        create: { provider: "github", githubId: BigInt(repository.id), ...data },
        update: { githubId: BigInt(repository.id), ...data },
      });
      added += 1;
    }
  }
  // Within the installations listed, a repository no longer reachable is detached. (A removed
  // installation's repositories keep their id: GitHub then refuses its tokens, which says why.)
  const reachable = found.map(({ repository }) => BigInt(repository.id));
  const { count: detached } = await db.repository.updateMany({
    where: {
      provider: "github",
      installationId: { in: installationIds.map(BigInt) },
      OR: [{ githubId: null }, { githubId: { notIn: reachable } }],
    },
    data: { installationId: null },
  });
  return { added, updated, detached };
}

/** Syncs when the last sync is older than a minute (one at a time); a failure is logged, and the rows stay as they were. */
export async function syncGithubRepositoriesIfStale(db: DbClient = getDb(), env: Env = getEnv()): Promise<void> {
  if (env.codeHost.kind !== "github") return;
  const sync = (state.nightshiftGithubSync ??= { at: 0, running: null });
  if (!sync.running && Date.now() - sync.at < SYNC_INTERVAL_MS) return;
  sync.running ??= syncGithubRepositories(db, env).finally(() => {
    sync.at = Date.now();
    sync.running = null;
  });
  try {
    await sync.running;
  } catch (error) {
    logger.warn("could not list the GitHub App's repositories; showing the ones known", { error });
  }
}
