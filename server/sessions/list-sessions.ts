import type { Actor } from "../access/actor";
import { unreadableRepositoryIds } from "../access/repository-access";
import { type DbClient, getDb } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { type SessionSummary, sessionSelect, toSessionSummary } from "./session-select";

export type ListSessionsOptions = {
  /** The person asking: sessions on repositories they may not read are left out. */
  actor: Actor;
  repositoryId?: string;
  /** Only sessions the person asking created or takes part in. */
  mine?: boolean;
  /** true: only archived sessions; false: only the others. Without it, `includeArchived` decides. */
  archived?: boolean;
  /** Without `archived`: archived sessions are left out unless this is true. */
  includeArchived?: boolean;
  /** Part of the title or of the repository's name, in any case. */
  search?: string;
  limit?: number;
  cursor?: string;
};
export type SessionPage = { sessions: SessionSummary[]; nextCursor: string | null };

/** Sessions, newest first, a page at a time, filtered by person, archived state and a search. */
export async function listSessions(options: ListSessionsOptions, db: DbClient = getDb()): Promise<SessionPage> {
  const limit = options.limit ?? 50;
  const hidden = await unreadableRepositoryIds(options.actor, db);
  const rows = await db.session.findMany({
    where: { AND: [sessionFilter(options), ...(hidden.length > 0 ? [{ repositoryId: { notIn: hidden } }] : [])] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
    select: sessionSelect,
  });
  const page = rows.slice(0, limit);
  return { sessions: page.map(toSessionSummary), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

function sessionFilter(options: ListSessionsOptions): Prisma.SessionWhereInput {
  // A prepared session (someone is still typing its first prompt) is no one's to see yet.
  const conditions: Prisma.SessionWhereInput[] = [{ preparedUntil: null }];
  if (options.repositoryId) conditions.push({ repositoryId: options.repositoryId });
  if (options.archived === true) conditions.push({ status: "archived" });
  if (options.archived === false || (options.archived === undefined && !options.includeArchived)) {
    conditions.push({ status: { not: "archived" } });
  }
  if (options.mine) {
    const userId = options.actor.id;
    conditions.push({ OR: [{ createdById: userId }, { participants: { some: { userId } } }] });
  }
  const search = options.search?.trim();
  if (search) {
    // `contains` becomes ILIKE '%…%' without escaping: escape LIKE's wildcards so text matches as typed.
    const contains = { contains: search.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" } as const;
    conditions.push({ OR: [{ title: contains }, { repository: { name: contains } }] });
  }
  return { AND: conditions };
}
