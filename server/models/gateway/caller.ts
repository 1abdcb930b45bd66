// Who calls the model gateway: the live sandbox a gateway token belongs to, its session, the
// prompt running there (whose author is charged, else the session's creator) and the budgets the
// call would be charged to — read in one query, since it is on the path of every call.
import { LIMIT_COLUMNS, LIMIT_JOINS, type Limit, type LimitRow, limitsOf } from "../../budgets/budgets";
import { type DbClient, getDb } from "../../db";
import { AppError } from "../../errors";
import type { SandboxStatus } from "../../generated/prisma/client";
import { isLive } from "../../sandboxes/sandbox-status";
import { hashToken } from "../../security/tokens";

export type GatewayCaller = {
  sandboxId: string;
  sessionId: string;
  repositoryId: string;
  /** The prompt running now, if any, and who is charged: its author, else the session's creator. */
  messageId: string | null;
  userId: string;
  /** The budgets the call would be charged to. */
  limits: Limit[];
};

type CallerRow = LimitRow & {
  sandbox_id: string;
  status: SandboxStatus;
  session_id: string;
  repository_id: string;
  created_by_id: string;
  message_id: string | null;
  author_id: string | null;
};

/** The gateway token a call carries: where the SDK puts a key (x-api-key, or Authorization: Bearer). */
export function gatewayToken(req: Request): string | undefined {
  const apiKey = req.headers.get("x-api-key")?.trim();
  if (apiKey) return apiKey;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  return match?.[1];
}

/** Who calls: the live sandbox the token belongs to, its session and the prompt it runs. */
export async function authenticateGatewayCaller(
  token: string | undefined,
  db: DbClient = getDb(),
): Promise<GatewayCaller> {
  if (!token)
    throw new AppError("UNAUTHENTICATED", "The model gateway needs the sandbox's gateway token as the API key.");
  // One query on the path of every call: the sandbox, its session, the prompt running there and
  // the budgets the call would be charged to.
  const [row] = await db.$queryRaw<CallerRow[]>`
    SELECT sb.id AS sandbox_id, sb.status::text AS status, s.id AS session_id,
           s.repository_id, s.created_by_id, m.id AS message_id, m.author_id, ${LIMIT_COLUMNS}
      FROM sandboxes sb
      JOIN sessions s ON s.id = sb.session_id
      LEFT JOIN messages m ON m.session_id = s.id AND m.status = 'processing'
      ${LIMIT_JOINS}
     WHERE sb.gateway_token_hash = ${hashToken(token)}`;
  if (!row) throw new AppError("UNAUTHENTICATED", "That gateway token is not valid.");
  if (!isLive(row.status))
    throw new AppError("UNAUTHENTICATED", `This sandbox is ${row.status}; its gateway token is no longer valid.`);
  return {
    sandboxId: row.sandbox_id,
    sessionId: row.session_id,
    repositoryId: row.repository_id,
    messageId: row.message_id,
    userId: row.author_id ?? row.created_by_id,
    limits: limitsOf(row),
  };
}
