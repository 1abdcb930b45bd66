"use server";
// The form action of the pages where a bot's one-time link is confirmed (app/slack/link/[token],
// app/linear/link/[token]): the signed-in person says the account is theirs (./account-links.ts).
import { redirect } from "next/navigation";
import { getCurrentUser } from "../auth";
import { AppError } from "../errors";
import { type LinkedAccountKind, linkAccount, pendingLink } from "./account-links";

export type LinkState = { message?: string };

const EXPIRED = "This link has expired or was used already. Ask the bot again for a new one.";

export async function linkAccountAction(
  kind: LinkedAccountKind,
  token: string,
  _previous: LinkState,
): Promise<LinkState> {
  if (kind !== "slack" && kind !== "linear") return { message: EXPIRED };
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/${kind}/link/${token}`)}`);
  try {
    // A link is confirmed on its own kind's page only.
    if ((await pendingLink(token))?.kind !== kind) return { message: EXPIRED };
    await linkAccount(token, user.id);
  } catch (error) {
    if (error instanceof AppError) return { message: error.message };
    throw error;
  }
  redirect(`/${kind}/link/done`);
}
