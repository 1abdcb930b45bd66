import type { DbClient } from "../db";

export type GitIdentity = { name: string; email: string };

/** The Nightshift bot: the committer of every commit made in a sandbox. */
export const BOT_IDENTITY: GitIdentity = { name: "Nightshift", email: "nightshift-bot@users.noreply.github.com" };

/**
 * Who a commit made for this user's prompt is authored by: a GitHub user's noreply address
 * (<id>+<login>@users.noreply.github.com), which GitHub links to their profile without exposing
 * their email; otherwise their email.
 */
export async function commitAuthor(db: DbClient, userId: string): Promise<GitIdentity> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      name: true,
      email: true,
      githubLogin: true,
      accounts: { where: { provider: "github" }, select: { providerAccountId: true }, take: 1 },
    },
  });
  const githubId = user.accounts[0]?.providerAccountId;
  const name = user.name ?? user.githubLogin ?? user.email ?? "Nightshift user";
  if (user.githubLogin && githubId) return { name, email: `${githubId}+${user.githubLogin}@users.noreply.github.com` };
  return { name, email: user.email ?? `${userId}@users.nightshift.invalid` };
}
