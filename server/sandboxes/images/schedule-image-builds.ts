// The 30-minute schedule of repository images (docs/sessions.md#images): each repository with
// image builds on gets a build when its default branch moved since its last build, or it has no
// image this runtime can restore. A default branch whose head cannot be told (its code host
// unreachable) keeps the image there is. A build that failed at the branch's current commit is
// not repeated until the branch moves or someone presses "Rebuild now". A build still `building`
// long after its time limit (its server went away mid-build) is failed, so the repository is not
// stuck with it.
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { codeHostFor, hostedRepositorySelect } from "../../git/code-host";
import { runGit } from "../../git/local/run-git";
import { logger } from "../../logger";
import { getSandboxProvider } from "../get-provider";
import { runtimeVersionOf } from "../snapshots/runtime";
import { DEFAULT_SETUP_TIMEOUT_SECONDS } from "../time-limits";
import { startImageBuild } from "./repository-images";

/** Beyond setup.sh's own limit, what a build may take (cloning, saving) before it counts as lost. */
const BUILD_MARGIN_MS = 15 * 60_000;

export async function scheduleImageBuilds(
  deps: {
    db?: DbClient;
    env?: Env;
    now?: Date;
    /** Only these repositories (all by default). */ repositoryIds?: string[];
  } = {},
): Promise<{ started: string[]; lost: number }> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  const provider = getSandboxProvider(env);
  const lost = await failLostBuilds(db, deps.now ?? new Date());
  const repositories = await db.repository.findMany({
    // No settings row: the defaults, which have image builds on.
    where: {
      OR: [{ settings: null }, { settings: { imageBuildsEnabled: true } }],
      ...(deps.repositoryIds ? { id: { in: deps.repositoryIds } } : {}),
    },
    select: hostedRepositorySelect,
  });
  const started: string[] = [];
  for (const repository of repositories) {
    try {
      const latest = await db.repositoryImage.findFirst({
        where: { repositoryId: repository.id, provider: provider.name, status: { not: "retired" } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { status: true, commitSha: true, branch: true, runtimeVersion: true },
      });
      if (latest?.status === "building") continue;
      if (latest && latest.runtimeVersion === runtimeVersionOf(provider.runtime)) {
        const head = await branchHead(repository);
        // A head it cannot tell (the code host unreachable) keeps the image there is.
        if (head === null || (latest.branch === repository.defaultBranch && latest.commitSha === head)) continue;
      }
      const image = await startImageBuild({ repositoryId: repository.id, trigger: "schedule" }, { db, env });
      if (image) started.push(image.id);
    } catch (error) {
      logger.warn("could not schedule an image build", { repositoryId: repository.id, error });
    }
  }
  return { started, lost };
}

/** The commit the repository's default branch is at, as its code host says; null when it cannot tell. */
async function branchHead(repository: Parameters<ReturnType<typeof codeHostFor>["buildSource"]>[0]) {
  const source = await codeHostFor(repository).buildSource(repository);
  const listed = await runGit(
    [
      ...(source.authorization ? ["-c", `http.extraHeader=Authorization: ${source.authorization}`] : []),
      ...["ls-remote", "--heads", source.url, `refs/heads/${repository.defaultBranch}`],
    ],
    { cwd: process.cwd(), timeoutMs: 30_000 },
  );
  return listed.ok ? (listed.stdout.split(/\s/)[0] ?? null) || null : null;
}

async function failLostBuilds(db: DbClient, now: Date): Promise<number> {
  const building = await db.repositoryImage.findMany({
    where: { status: "building" },
    select: {
      id: true,
      createdAt: true,
      repository: { select: { settings: { select: { setupTimeoutSeconds: true } } } },
    },
  });
  let lost = 0;
  for (const image of building) {
    const limitMs =
      (image.repository.settings?.setupTimeoutSeconds ?? DEFAULT_SETUP_TIMEOUT_SECONDS) * 1000 + BUILD_MARGIN_MS;
    if (now.getTime() - image.createdAt.getTime() < limitMs) continue;
    const { count } = await db.repositoryImage.updateMany({
      where: { id: image.id, status: "building" },
      data: {
        status: "failed",
        finishedAt: now,
        error: "The build stopped without finishing (the server running it went away); the next one starts afresh.",
      },
    });
    lost += count;
  }
  return lost;
}
