// Runs a repository image's build (the job sent by ./repository-images.ts): the provider clones
// the default branch, runs setup.sh in build mode in a sealed sandbox with the repository's
// secrets and network access, and saves the result. A failure fails the build with the reason and
// setup.sh's output (secrets redacted). A new ready image retires the older ones and deletes their
// files: new sessions start from the newest. docs/sessions.md#images.
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { codeHostFor, hostedRepositorySelect } from "../../git/code-host";
import { logger } from "../../logger";
import { egressPolicyOf } from "../../repositories/repository-settings";
import { redact, redactorFor } from "../../secrets/redact";
import { sandboxSecrets } from "../../secrets/sandbox-credentials";
import { BRIDGE_ENV } from "../../../sandbox/bridge/protocol";
import { DEFAULT_EGRESS_POLICY } from "../egress-policy";
import { getSandboxProvider } from "../get-provider";
import type { ImageBuildResult, SandboxProvider } from "../provider";
import { DEFAULT_SETUP_TIMEOUT_SECONDS } from "../time-limits";

export async function runImageBuild(
  imageId: string,
  deps: { db?: DbClient; env?: Env; provider?: SandboxProvider } = {},
): Promise<void> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  const provider = deps.provider ?? getSandboxProvider(env);
  const image = await db.repositoryImage.findUnique({
    where: { id: imageId },
    select: {
      status: true,
      provider: true,
      branch: true,
      repository: {
        select: {
          ...hostedRepositorySelect,
          settings: { select: { setupTimeoutSeconds: true, egressMode: true, egressHosts: true } },
        },
      },
    },
  });
  // A repeated job, or one for another provider's image: nothing to do.
  if (!image || image.status !== "building" || image.provider !== provider.name) return;
  const { repository } = image;
  const started = Date.now();
  const setupTimeoutSeconds = repository.settings?.setupTimeoutSeconds ?? DEFAULT_SETUP_TIMEOUT_SECONDS;

  let result: ImageBuildResult;
  try {
    const source = await codeHostFor(repository).buildSource(repository);
    result = await provider.buildImage({
      imageId,
      source,
      branch: image.branch,
      env: {
        ...(await sandboxSecrets(repository.id, db, env)),
        [BRIDGE_ENV.controlPlaneUrl]: env.controlPlaneUrl,
        [BRIDGE_ENV.setupTimeout]: String(setupTimeoutSeconds),
      },
      egress: {
        ...(repository.settings ? egressPolicyOf(repository.settings) : DEFAULT_EGRESS_POLICY),
        internalNetworks: env.sandboxes.internalNetworks,
      },
      setupTimeoutMs: setupTimeoutSeconds * 1000,
    });
  } catch (error) {
    logger.error("an image build could not run", { imageId, error });
    result = { ok: false, commitSha: null, output: "", error: error instanceof Error ? error.message : String(error) };
  }

  const redactor = await redactorFor(repository.id, db, env);
  const finished = {
    finishedAt: new Date(),
    durationMs: Date.now() - started,
    output: redact(result.output, redactor),
  };
  if (!result.ok) {
    await db.repositoryImage.update({
      where: { id: imageId },
      data: { ...finished, status: "failed", commitSha: result.commitSha, error: redact(result.error, redactor) },
    });
    logger.warn("an image build failed", { imageId, repositoryId: repository.id, error: result.error });
    return;
  }
  await db.repositoryImage.update({
    where: { id: imageId },
    data: {
      ...finished,
      status: "ready",
      commitSha: result.commitSha,
      providerSnapshotId: result.providerSnapshotId,
      sizeBytes: BigInt(result.sizeBytes),
    },
  });
  logger.info("an image was built", { imageId, repositoryId: repository.id, commit: result.commitSha });
  await retireOlderImages(repository.id, imageId, { db, provider });
}

/** The repository's other ready images of this provider are replaced: retired, their files deleted. */
export async function retireOlderImages(
  repositoryId: string,
  newestId: string,
  deps: { db: DbClient; provider: SandboxProvider },
): Promise<void> {
  const older = await deps.db.repositoryImage.findMany({
    where: { repositoryId, provider: deps.provider.name, status: "ready", id: { not: newestId } },
    select: { id: true, providerSnapshotId: true },
  });
  for (const image of older) {
    await retireImage(image, "Replaced by a newer image.", deps);
  }
}

export async function retireImage(
  image: { id: string; providerSnapshotId: string | null },
  reason: string,
  deps: { db: DbClient; provider: SandboxProvider },
): Promise<void> {
  const { count } = await deps.db.repositoryImage.updateMany({
    where: { id: image.id, status: "ready" },
    data: { status: "retired", error: reason },
  });
  if (count === 0 || !image.providerSnapshotId) return;
  // A sandbox restoring from it this moment fails to, and boots fresh (spawnSandbox).
  await deps.provider
    .deleteSnapshot(image.providerSnapshotId)
    .catch((error: unknown) => logger.warn("could not delete a retired image's files", { imageId: image.id, error }));
}
