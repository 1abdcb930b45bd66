// Runs a repository image's build (the job sent by ./repository-images.ts): the provider clones
// the default branch, runs setup.sh in build mode in a sealed sandbox with the repository's
// secrets and network access, and saves the result. A failure fails the build with the reason and
// setup.sh's output (secrets redacted). A new ready image retires the older ones and deletes their
// files: new sessions start from the newest. docs/sessions.md#images.
import { type DbClient, getDb, inTransaction } from "../../db";
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
  // Ready and the older ones retired at once: new sessions never see two, nor none.
  const replaced = await inTransaction(db, async (tx) => {
    const older = await tx.repositoryImage.findMany({
      where: { repositoryId: repository.id, provider: provider.name, status: "ready" },
      select: { id: true, providerSnapshotId: true },
    });
    await tx.repositoryImage.updateMany({
      where: { id: { in: older.map((image) => image.id) }, status: "ready" },
      data: { status: "retired", error: "Replaced by a newer image." },
    });
    await tx.repositoryImage.update({
      where: { id: imageId },
      data: {
        ...finished,
        status: "ready",
        commitSha: result.commitSha,
        providerSnapshotId: result.providerSnapshotId,
        sizeBytes: BigInt(result.sizeBytes),
      },
    });
    return older;
  });
  logger.info("an image was built", { imageId, repositoryId: repository.id, commit: result.commitSha });
  // A sandbox restoring from one of them this moment fails to, and boots fresh (spawnSandbox).
  for (const image of replaced) await deleteImageFiles(image, provider);
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
  if (count > 0) await deleteImageFiles(image, deps.provider);
}

async function deleteImageFiles(image: { id: string; providerSnapshotId: string | null }, provider: SandboxProvider) {
  if (!image.providerSnapshotId) return;
  await provider
    .deleteSnapshot(image.providerSnapshotId)
    .catch((error: unknown) => logger.warn("could not delete a retired image's files", { imageId: image.id, error }));
}
