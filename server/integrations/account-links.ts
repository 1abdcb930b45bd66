// One-time links for the bots' strangers: someone a bot does not know (a Slack member, a Linear
// user) is given a link, shown only to them where the bot can, to say which Nightshift person
// they are once signed in. Only the link's hash is stored; it is good for 30 minutes and once.
// docs/slack.md#linking-people, docs/linear.md#who-it-works-as.
import { createHash, randomBytes } from "node:crypto";
import { type DbClient, getDb, inTransaction } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import type { LinkedAccountKind } from "../generated/prisma/client";

export type { LinkedAccountKind };

/** How long a link someone was given stays good. */
export const LINK_LIFETIME_MS = 30 * 60 * 1000;

export type LinkRequest = {
  kind: LinkedAccountKind;
  externalUserId: string;
  /** The Slack workspace or the Linear organization. */
  teamId: string;
  displayName?: string | null;
};

/** A new one-time link for the account; its page is /<kind>/link/<token>. */
export async function createLinkUrl(
  request: LinkRequest,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<string> {
  const token = `${request.kind === "slack" ? "nsl" : "nll"}_${randomBytes(24).toString("base64url")}`;
  await db.accountLinkToken.create({
    data: {
      tokenHash: hashLinkToken(token),
      kind: request.kind,
      externalUserId: request.externalUserId,
      teamId: request.teamId,
      displayName: request.displayName?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + LINK_LIFETIME_MS),
    },
  });
  return `${env.controlPlaneUrl}/${request.kind}/link/${token}`;
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type PendingLink = Required<LinkRequest> & { expiresAt: Date };

/** The link a token stands for, while it is good; null once used, expired or unknown. */
export async function pendingLink(token: string, db: DbClient = getDb()): Promise<PendingLink | null> {
  const link = await db.accountLinkToken.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: { kind: true, externalUserId: true, teamId: true, displayName: true, expiresAt: true },
  });
  return link && link.expiresAt > new Date() ? link : null;
}

/**
 * The signed-in person says the account that was given this link is theirs: the link is used up,
 * and what the account asks the bot runs as this person from now on.
 */
export async function linkAccount(token: string, userId: string, db: DbClient = getDb()): Promise<PendingLink> {
  return inTransaction(db, async (tx) => {
    const link = await pendingLink(token, tx);
    const { count } = await tx.accountLinkToken.deleteMany({
      where: { tokenHash: hashLinkToken(token), expiresAt: { gt: new Date() } },
    });
    if (!link || count === 0)
      throw new AppError("NOT_FOUND", "This link has expired or was used already. Ask the bot again for a new one.");
    const linked = { userId, linkedBy: "link" as const };
    if (link.kind === "slack")
      await tx.slackUser.upsert({
        where: { slackUserId: link.externalUserId },
        create: { slackUserId: link.externalUserId, teamId: link.teamId, ...linked },
        update: { teamId: link.teamId, ...linked },
      });
    else
      await tx.linearUser.upsert({
        where: { linearUserId: link.externalUserId },
        create: { linearUserId: link.externalUserId, organizationId: link.teamId, ...linked },
        update: { organizationId: link.teamId, ...linked },
      });
    await tx.accountLinkToken.deleteMany({ where: { kind: link.kind, externalUserId: link.externalUserId } });
    return link;
  });
}

/** Deletes the links that expired before `now`; returns how many. */
export async function pruneLinkTokens(now: Date = new Date(), db: DbClient = getDb()): Promise<number> {
  const { count } = await db.accountLinkToken.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
