"use server";
// The sign-in page's and the header's form actions.
import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "../auth";
import { afterSignIn } from "./after-sign-in";
import { DEV_PROVIDER_ID, refusedUrl } from "./config";
import { devSignInSchema } from "./schemas";

export type DevSignInState = {
  values: { name: string; email: string };
  fieldErrors?: { name?: string[]; email?: string[] };
  message?: string;
};

export async function devSignInAction(_previous: DevSignInState, formData: FormData): Promise<DevSignInState> {
  const values = { name: String(formData.get("name") ?? ""), email: String(formData.get("email") ?? "") };
  const parsed = devSignInSchema.safeParse(values);
  if (!parsed.success) return { values, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    await signIn(DEV_PROVIDER_ID, { ...parsed.data, redirectTo: afterSignIn(formData.get("next")) });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "not_admitted") redirect(refusedUrl(parsed.data.email));
    if (error instanceof AuthError)
      return { values, message: "Sign-in failed. Check your name and email and try again." };
    throw error; // Next.js's redirect after a successful sign-in travels as an error.
  }
  return { values };
}

export async function githubSignInAction(formData: FormData): Promise<void> {
  await signIn("github", { redirectTo: afterSignIn(formData.get("next")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
