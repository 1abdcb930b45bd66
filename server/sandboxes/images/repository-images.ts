// Prebuilt repository images (docs/sessions.md#images): what a repository has (the settings page
// and GET /api/v1/repositories/{id}/images), and asking for a build — by a person ("Rebuild now")
// or by the 30-minute schedule (./schedule-image-builds.ts). One build at a time per repository:
// a partial unique index holds at most one `building` row, whoever asks.
import type { Actor } from "../../access/actor";
import { authorizeRepository } from "../../access/repository-access";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { Prisma } from "../../generated/prisma/client";
import { buildRepositoryImageEvent } from "../../jobs/events";
import { getJobQueue } from "../../jobs/queue";
import { logger } from "../../logger";
import { repositorySettings } from "../../repositories/repository-settings";
import { getSandboxProvider } from "../get-provider";
import type { SandboxProvider } from "../provider";
import { runtimeVersionOf } from "../snapshots/runtime";

/** How many of a repository's images the settings page and the API show, newest first. */
export const IMAGES_LISTED = 10;

export const imageSelect = {
  id: true,
  status: true,
  branch: true,
  commitSha: true,
  trigger: true,
  error: true,
  output: true,
  sizeBytes: true,
  durationMs: true,
  createdAt: true,
  finishedAt: true,
  requestedBy: { select: { id: true, name: true } },
} as const satisfies Prisma.RepositoryImageSelect;

export type RepositoryImageView = Omit<
  Prisma.RepositoryImageGetPayload<{ select: typeof imageSelect }>,
  "sizeBytes"
> & {
  sizeBytes: number;
};

export type RepositoryImages = {
  /** Whether the repository's settings have image builds on. */
  enabled: boolean;
  /** The image new sessions on the default branch start from now; null: they boot fresh. */
  current: RepositoryImageView | null;
  /** The latest builds, newest first: building, ready, failed or retired. */
  images: RepositoryImageView[];
};

const view = (image: Prisma.RepositoryImageGetPayload<{ select: typeof imageSelect }>): RepositoryImageView => ({
  ...image,
  sizeBytes: Number(image.sizeBytes),
});

export async function listRepositoryImages(
  options: { repositoryId: string; actor: Actor },
  deps: { db?: DbClient; env?: Env } = {},
): Promise<RepositoryImages> {
  const db = deps.db ?? getDb();
  await authorizeRepository({ repositoryId: options.repositoryId, actor: options.actor, need: "read" }, db);
  const provider = getSandboxProvider(deps.env ?? getEnv());
  const [settings, images, current] = await Promise.all([
    repositorySettings(options.repositoryId, db),
    db.repositoryImage.findMany({
      where: { repositoryId: options.repositoryId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: IMAGES_LISTED,
      select: imageSelect,
    }),
    currentImage(options.repositoryId, provider, db),
  ]);
  return {
    enabled: settings.imageBuildsEnabled,
    current: current ? view(current) : null,
    images: images.map(view),
  };
}

/** The newest ready image this provider holds and can restore; null when there is none. */
export async function currentImage(repositoryId: string, provider: SandboxProvider, db: DbClient) {
  return db.repositoryImage.findFirst({
    where: {
      repositoryId,
      provider: provider.name,
      status: "ready",
      runtimeVersion: runtimeVersionOf(provider.runtime),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { ...imageSelect, providerSnapshotId: true },
  });
}

/** "Rebuild now": anyone who may write to the repository, while image builds are on and none is running. */
export async function rebuildRepositoryImage(
  options: { repositoryId: string; actor: Actor },
  deps: { db?: DbClient; env?: Env } = {},
): Promise<RepositoryImageView> {
  const db = deps.db ?? getDb();
  await authorizeRepository({ repositoryId: options.repositoryId, actor: options.actor, need: "write" }, db);
  const settings = await repositorySettings(options.repositoryId, db);
  if (!settings.imageBuildsEnabled)
    throw new AppError(
      "CONFLICT",
      "Image builds are off for this repository: turn them on in its settings (imageBuildsEnabled) first.",
    );
  const image = await startImageBuild(
    { repositoryId: options.repositoryId, trigger: "manual", requestedById: options.actor.id },
    { db, env: deps.env },
  );
  if (!image) {
    const running = await db.repositoryImage.findFirst({
      where: { repositoryId: options.repositoryId, status: "building" },
      select: { createdAt: true },
    });
    throw new AppError(
      "CONFLICT",
      `An image of this repository is being built already${running ? ` (since ${running.createdAt.toISOString()})` : ""}: one build runs at a time.`,
    );
  }
  return view(image);
}

/**
 * Records a build of the repository's default branch and sends it to the job that runs it.
 * Null when one is running already. A build that cannot be sent is failed at once, saying why.
 */
export async function startImageBuild(
  options: { repositoryId: string; trigger: "schedule" | "manual"; requestedById?: string | null },
  deps: { db?: DbClient; env?: Env } = {},
) {
  const db = deps.db ?? getDb();
  const provider = getSandboxProvider(deps.env ?? getEnv());
  const repository = await db.repository.findUniqueOrThrow({
    where: { id: options.repositoryId },
    select: { defaultBranch: true },
  });
  let image;
  try {
    image = await db.repositoryImage.create({
      data: {
        repositoryId: options.repositoryId,
        provider: provider.name,
        branch: repository.defaultBranch,
        runtimeVersion: runtimeVersionOf(provider.runtime),
        trigger: options.trigger,
        requestedById: options.requestedById ?? null,
      },
      select: imageSelect,
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
    throw error;
  }
  try {
    await getJobQueue().send(buildRepositoryImageEvent, { imageId: image.id });
  } catch (error) {
    logger.error("could not send an image build", { imageId: image.id, error });
    const message = `The build could not be started: ${error instanceof Error ? error.message : String(error)}`;
    return db.repositoryImage.update({
      where: { id: image.id },
      data: { status: "failed", error: message, finishedAt: new Date() },
      select: imageSelect,
    });
  }
  return image;
}
