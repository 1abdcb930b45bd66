import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { type CurrentUser, currentUserSelect } from "../users/get-user";
import { hashToken } from "../security/tokens";
import { displayPrefix, generateApiToken } from "./token-format";

export const apiTokenSelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;
export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** Creates a personal API token; the token itself is returned this once and never again. */
export async function createApiToken(options: { userId: string; name: string }, db: DbClient = getDb()) {
  const token = generateApiToken();
  const apiToken = await db.apiToken.create({
    data: { userId: options.userId, name: options.name, prefix: displayPrefix(token), tokenHash: hashToken(token) },
    select: apiTokenSelect,
  });
  return { token, apiToken };
}

export function listApiTokens(options: { userId: string }, db: DbClient = getDb()): Promise<ApiTokenView[]> {
  return db.apiToken.findMany({
    where: { userId: options.userId },
    orderBy: { createdAt: "desc" },
    select: apiTokenSelect,
  });
}

/** Revokes one of a person's tokens; requests with it are refused from then on. */
export async function revokeApiToken(
  options: { userId: string; id: string },
  db: DbClient = getDb(),
): Promise<ApiTokenView> {
  const { count } = await db.apiToken.updateMany({
    where: { id: options.id, userId: options.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const token = await db.apiToken.findFirst({
    where: { id: options.id, userId: options.userId },
    select: apiTokenSelect,
  });
  if (!token) throw new AppError("NOT_FOUND", "That API token does not exist.");
  if (count === 0 && !token.revokedAt)
    throw new AppError("CONFLICT", "That API token changed while revoking it; try again.");
  return token;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** The person a bearer token belongs to; UNAUTHENTICATED for a missing, unknown or revoked token. */
export async function authenticateApiToken(token: string | undefined, db: DbClient = getDb()): Promise<CurrentUser> {
  if (!token) throw new AppError("UNAUTHENTICATED", "Send a personal API token: Authorization: Bearer <token>.");
  const found = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, revokedAt: true, lastUsedAt: true, user: { select: currentUserSelect } },
  });
  if (!found || found.revokedAt)
    throw new AppError("UNAUTHENTICATED", "This API token is not valid: it is unknown or was revoked.");
  // Recorded at a minute's resolution, so a busy client does not write on every request.
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
  }
  return found.user;
}
