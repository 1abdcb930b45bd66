import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DevSignInForm } from "@/components/sign-in/dev-sign-in-form";
import { Button } from "@/components/ui/button";
import { getCurrentUser } from "@/server/auth";
import { afterSignIn } from "@/server/auth/after-sign-in";
import { githubSignInAction } from "@/server/auth/actions";
import { getEnv } from "@/server/env";

export const metadata: Metadata = { title: "Sign in" };

// next-auth sends people back here with ?error=<type> when a sign-in fails.
const ERROR_MESSAGES: Record<string, string> = {
  AccessDenied: "This account is not admitted to this Nightshift.",
  OAuthSignin: "Could not start the GitHub sign-in. Please try again.",
  OAuthCallbackError: "GitHub did not complete the sign-in. Please try again.",
  OAuthAccountNotLinked: "This email already belongs to another account here.",
  Configuration: "Sign-in is misconfigured on this server; its log says why.",
};

type SignInPageProps = { searchParams: Promise<{ error?: string; code?: string; next?: string }> };

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const { error, code, next: asked } = await searchParams;
  const next = asked ? afterSignIn(asked) : undefined;
  if (await getCurrentUser()) redirect(next ?? "/sessions");
  if (code === "not_admitted") redirect("/sign-in/refused");
  const env = getEnv();
  const errorMessage = error ? (ERROR_MESSAGES[error] ?? "Sign-in failed. Please try again.") : undefined;

  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="flex w-full max-w-sm flex-col gap-6 rounded-lg border border-border bg-surface-raised p-8 shadow-sm">
        <div className="flex flex-col gap-1">
          <h1 className="text-xl font-semibold">Sign in to Nightshift</h1>
          <p className="text-sm text-muted">Send a prompt tonight, review the pull request in the morning.</p>
        </div>
        {errorMessage ? (
          <p role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
            {errorMessage}
          </p>
        ) : null}
        {env.signIn.kind === "github" ? (
          <form action={githubSignInAction}>
            {next ? <input type="hidden" name="next" value={next} /> : null}
            <Button type="submit" className="w-full">
              Sign in with GitHub
            </Button>
          </form>
        ) : (
          <>
            <DevSignInForm next={next} />
            <p className="text-xs text-muted">
              Development sign-in: no password, so anyone who can reach this server can sign in as anyone. Configure
              GitHub OAuth for real use.
            </p>
          </>
        )}
      </div>
    </main>
  );
}
