"use server";
// The Slack link page's form action (app/slack/link/[token]/page.tsx).
import { redirect } from "next/navigation";
import { getCurrentUser } from "../../auth";
import { AppError } from "../../errors";
import { linkSlackAccount } from "./people";

export type LinkState = { message?: string };

export async function linkSlackAccountAction(token: string, _previous: LinkState): Promise<LinkState> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/slack/link/${token}`)}`);
  try {
    await linkSlackAccount(token, user.id);
  } catch (error) {
    if (error instanceof AppError) return { message: error.message };
    throw error;
  }
  redirect("/slack/link/done");
}
