// Who is asking: a Slack member is a Nightshift person when they were linked before, or when the
// email Slack holds for them (Slack confirms members' emails) is a Nightshift person's. Anyone
// else is given a one-time link, shown only to them, to say which person they are once signed in.
// docs/slack.md#linking-people.
import { createHash, randomBytes } from "node:crypto";
import { type DbClient, getDb, inTransaction } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { slackClient, slackConfig } from "./client";

/** How long a link someone was given stays good. */
export const LINK_LIFETIME_MS = 30 * 60 * 1000;

export async function slackPerson(
  member: { slackUserId: string; teamId: string },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<string | null> {
  const known = await db.slackUser.findUnique({ where: { slackUserId: member.slackUserId }, select: { userId: true } });
  if (known) return known.userId;
  // Someone Slack does not show the bot (another organisation's member in a shared channel) is
  // someone Nightshift does not know.
  const { user } = await slackClient(slackConfig(env))
    .users.info({ user: member.slackUserId })
    .catch((error: { data?: { error?: string } }) => {
      if (error.data?.error === "user_not_found" || error.data?.error === "user_not_visible")
        return { user: undefined };
      throw error;
    });
  const email = user?.profile?.email?.trim().toLowerCase();
  // Only the workspace's own members, by an email Slack confirmed: not bots, not deleted
  // accounts, not people from another organisation in a shared channel.
  const ownMember = user?.team_id === member.teamId && !user.is_bot && !user.deleted;
  if (!email || !ownMember || user.is_email_confirmed === false) return null;
  const person = await db.user.findFirst({
    where: { email: { equals: email, mode: "insensitive" } },
    select: { id: true },
  });
  if (!person) return null;
  await db.slackUser.upsert({
    where: { slackUserId: member.slackUserId },
    create: { slackUserId: member.slackUserId, teamId: member.teamId, userId: person.id, linkedBy: "email" },
    update: {},
  });
  return person.id;
}

/** A new one-time link for a Slack member to say which Nightshift person they are. */
export async function createLinkUrl(
  member: { slackUserId: string; teamId: string },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<string> {
  const token = `nsl_${randomBytes(24).toString("base64url")}`;
  await db.slackLinkToken.create({
    data: {
      tokenHash: hashLinkToken(token),
      slackUserId: member.slackUserId,
      teamId: member.teamId,
      expiresAt: new Date(Date.now() + LINK_LIFETIME_MS),
    },
  });
  return `${env.controlPlaneUrl}/slack/link/${token}`;
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type PendingLink = { slackUserId: string; teamId: string; expiresAt: Date };

/** The link a token stands for, while it is good; null once used, expired or unknown. */
export async function pendingLink(token: string, db: DbClient = getDb()): Promise<PendingLink | null> {
  const link = await db.slackLinkToken.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: { slackUserId: true, teamId: true, expiresAt: true },
  });
  return link && link.expiresAt > new Date() ? link : null;
}

/**
 * The signed-in person says the Slack member who was given this link is them: the link is used
 * up, and the member's requests to the bot run as this person from now on.
 */
export async function linkSlackAccount(token: string, userId: string, db: DbClient = getDb()): Promise<PendingLink> {
  return inTransaction(db, async (tx) => {
    const link = await pendingLink(token, tx);
    const { count } = await tx.slackLinkToken.deleteMany({
      where: { tokenHash: hashLinkToken(token), expiresAt: { gt: new Date() } },
    });
    if (!link || count === 0)
      throw new AppError("NOT_FOUND", "This link has expired or was used already. Ask the bot again for a new one.");
    await tx.slackUser.upsert({
      where: { slackUserId: link.slackUserId },
      create: { slackUserId: link.slackUserId, teamId: link.teamId, userId, linkedBy: "link" },
      update: { userId, teamId: link.teamId, linkedBy: "link" },
    });
    await tx.slackLinkToken.deleteMany({ where: { slackUserId: link.slackUserId } });
    return link;
  });
}

/** A Slack member as people know them: their name (and email), or their id when Slack does not say. */
export async function slackMemberName(slackUserId: string, env: Env = getEnv()): Promise<string> {
  const answer = await slackClient(slackConfig(env))
    .users.info({ user: slackUserId })
    .catch(() => null);
  const name = answer?.user?.profile?.real_name || answer?.user?.name;
  const email = answer?.user?.profile?.email;
  return name ? `${name}${email ? ` (${email})` : ""}` : slackUserId;
}

/** Deletes the links that expired before `now`; returns how many. */
export async function pruneLinkTokens(now: Date = new Date(), db: DbClient = getDb()): Promise<number> {
  const { count } = await db.slackLinkToken.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
