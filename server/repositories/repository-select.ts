import type { Prisma } from "../generated/prisma/client";

/** What leaves the server about a repository. */
export const repositorySelect = {
  id: true,
  provider: true,
  owner: true,
  name: true,
  defaultBranch: true,
  description: true,
  isPrivate: true,
  createdAt: true,
  addedBy: { select: { id: true, name: true, email: true } },
} satisfies Prisma.RepositorySelect;

export type RepositorySummary = Prisma.RepositoryGetPayload<{ select: typeof repositorySelect }>;
