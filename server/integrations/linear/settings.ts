// What administrators set for the Linear agent (Settings → Linear): whether it is installed, and
// which repository (and model) a team's or a project's issues work on. Everyone signed in reads
// them; administrators change them. docs/linear.md#team-and-project-mappings.
import { z } from "zod";
import type { Actor } from "../../access/actor";
import { assertAdministrator } from "../../access/administrators";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { Prisma } from "../../generated/prisma/client";
import { resolveModel } from "../../models/resolve-model";
import { loadModelProviders } from "../../models/providers";

export const LINEAR_MAPPING_LIMIT = 200;

export const linearMappingInput = z.object({
  kind: z.enum(["team", "project"]),
  /** A team's key or id; a project's name, URL slug or id. Matched in any case. */
  linearId: z
    .string()
    .trim()
    .min(1, "Name the team (its key, such as ENG) or the project (its name).")
    .max(200, "At most 200 characters.")
    .transform((value) => value.toLowerCase()),
  repositoryId: z.string().min(1, "Choose a repository."),
  model: z.string().trim().max(200).nullish(),
});

type RepositoryName = { id: string; owner: string; name: string };
export type LinearSettingsView = {
  /** Whether the agent's OAuth app and webhook secret are set here (LINEAR_CLIENT_ID, …). */
  isConfigured: boolean;
  canChange: boolean;
  installations: Array<{ organizationName: string; installedAt: Date }>;
  mappings: Array<{
    id: string;
    kind: "team" | "project";
    linearId: string;
    model: string | null;
    repository: RepositoryName;
  }>;
};

export async function getLinearSettings(
  options: { actor: Actor },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<LinearSettingsView> {
  const [installations, mappings] = await Promise.all([
    db.linearInstallation.findMany({
      orderBy: { createdAt: "asc" },
      select: { organizationName: true, createdAt: true },
    }),
    db.linearMapping.findMany({
      orderBy: [{ kind: "asc" }, { linearId: "asc" }],
      select: {
        id: true,
        kind: true,
        linearId: true,
        model: true,
        repository: { select: { id: true, owner: true, name: true } },
      },
    }),
  ]);
  return {
    isConfigured: env.linear !== null,
    canChange: options.actor.isAdmin,
    installations: installations.map((row) => ({ organizationName: row.organizationName, installedAt: row.createdAt })),
    mappings,
  };
}

export async function addLinearMapping(
  options: { actor: Actor; mapping: z.output<typeof linearMappingInput> },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<LinearSettingsView> {
  assertAdministrator(options.actor, "change the Linear agent's mappings", env);
  const { mapping } = options;
  const repository = await db.repository.findUnique({ where: { id: mapping.repositoryId }, select: { id: true } });
  if (!repository) throw AppError.field("repositoryId", "That repository is not in Nightshift.");
  if (mapping.model) {
    try {
      resolveModel(await loadModelProviders({ repositoryId: repository.id, db, env }), env, { model: mapping.model });
    } catch (error) {
      if (error instanceof AppError) throw AppError.field("model", error.message);
      throw error;
    }
  }
  if ((await db.linearMapping.count()) >= LINEAR_MAPPING_LIMIT)
    throw AppError.field("linearId", `There can be at most ${LINEAR_MAPPING_LIMIT} mappings; remove one first.`);
  try {
    await db.linearMapping.create({
      data: {
        kind: mapping.kind,
        linearId: mapping.linearId,
        name: mapping.linearId,
        repositoryId: repository.id,
        model: mapping.model || null,
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw AppError.field("linearId", `That ${mapping.kind} has a mapping already; remove it to change it.`);
    throw error;
  }
  return getLinearSettings(options, db, env);
}

export async function removeLinearMapping(
  options: { actor: Actor; id: string },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<LinearSettingsView> {
  assertAdministrator(options.actor, "change the Linear agent's mappings", env);
  const { count } = await db.linearMapping.deleteMany({ where: { id: options.id } });
  if (count === 0) throw new AppError("NOT_FOUND", "That mapping does not exist (any more).");
  return getLinearSettings(options, db, env);
}
