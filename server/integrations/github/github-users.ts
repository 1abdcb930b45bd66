// The Nightshift user for a GitHub account: the one who signed in with it, or — for someone who
// never did — a user made for them, linked to that account, so that their prompts have an author
// (and commits their noreply address). Should they sign in with GitHub later, it is them.
import type { DbClient } from "../../db";
import { Prisma } from "../../generated/prisma/client";

export async function githubUserFor(account: { id: number; login: string }, db: DbClient): Promise<{ id: string }> {
  const providerAccountId = String(account.id);
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: "github", providerAccountId } },
    select: { userId: true },
  });
  if (linked) return { id: linked.userId };
  try {
    return await db.user.create({
      data: {
        name: account.login,
        // A login someone else holds (renamed accounts) stays with them.
        githubLogin: (await db.user.findUnique({ where: { githubLogin: account.login }, select: { id: true } }))
          ? null
          : account.login,
        accounts: { create: { type: "oauth", provider: "github", providerAccountId } },
      },
      select: { id: true },
    });
  } catch (error) {
    // Made meanwhile by a concurrent delivery.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const again = await db.account.findUniqueOrThrow({
        where: { provider_providerAccountId: { provider: "github", providerAccountId } },
        select: { userId: true },
      });
      return { id: again.userId };
    }
    throw error;
  }
}
