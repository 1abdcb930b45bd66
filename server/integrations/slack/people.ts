// Who is asking: a Slack member is a Nightshift person when they were linked before, or when the
// email Slack holds for them (Slack confirms members' emails) is a Nightshift person's. Anyone
// else is given a one-time link (../account-links.ts), shown only to them, to say which person
// they are once signed in.
// docs/slack.md#linking-people.
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { slackClient, slackConfig } from "./client";

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

/** A Slack member as people know them: their name (and email), or their id when Slack does not say. */
export async function slackMemberName(slackUserId: string, env: Env = getEnv()): Promise<string> {
  const answer = await slackClient(slackConfig(env))
    .users.info({ user: slackUserId })
    .catch(() => null);
  const name = answer?.user?.profile?.real_name || answer?.user?.name;
  const email = answer?.user?.profile?.email;
  return name ? `${name}${email ? ` (${email})` : ""}` : slackUserId;
}
