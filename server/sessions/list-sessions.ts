import { type DbClient, getDb } from "../db";
import { type SessionSummary, sessionSelect, toSessionSummary } from "./session-select";

export type ListSessionsOptions = { repositoryId?: string; includeArchived?: boolean; limit?: number; cursor?: string };
export type SessionPage = { sessions: SessionSummary[]; nextCursor: string | null };

/** Sessions, newest first, a page at a time; archived ones only when asked for. */
export async function listSessions(options: ListSessionsOptions = {}, db: DbClient = getDb()): Promise<SessionPage> {
  const limit = options.limit ?? 50;
  const rows = await db.session.findMany({
    where: {
      ...(options.repositoryId ? { repositoryId: options.repositoryId } : {}),
      ...(options.includeArchived ? {} : { status: { not: "archived" } }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
    select: sessionSelect,
  });
  const page = rows.slice(0, limit);
  return { sessions: page.map(toSessionSummary), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
