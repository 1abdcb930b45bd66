import type { Prisma } from "../generated/prisma/client";

const person = { select: { id: true, name: true, email: true, image: true } } as const;

/** What leaves the server about a session. */
export const sessionSelect = {
  id: true,
  title: true,
  status: true,
  model: true,
  reasoningEffort: true,
  baseBranch: true,
  branch: true,
  parentId: true,
  totalCostUsd: true,
  lastEventSeq: true,
  createdAt: true,
  updatedAt: true,
  repository: { select: { id: true, provider: true, owner: true, name: true } },
  createdBy: person,
} satisfies Prisma.SessionSelect;

export const messageSelect = {
  id: true,
  content: true,
  source: true,
  status: true,
  model: true,
  reasoningEffort: true,
  clientRequestId: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  author: person,
} satisfies Prisma.MessageSelect;

type SessionRow = Prisma.SessionGetPayload<{ select: typeof sessionSelect }>;
export type SessionSummary = Omit<SessionRow, "totalCostUsd"> & { totalCostUsd: number };
export type MessageView = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

/** Decimal does not travel to browsers; dollars with six decimals fit a number exactly enough. */
export function toSessionSummary(row: SessionRow): SessionSummary {
  return { ...row, totalCostUsd: row.totalCostUsd.toNumber() };
}
