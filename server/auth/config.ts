// next-auth's configuration, built from the validated environment. Sessions are JWTs (the
// development sign-in is a credentials provider, which next-auth only supports with JWTs);
// users and GitHub accounts are stored through the Prisma adapter.
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { claimFirstAdministrator } from "../access/administrators";
import { getDb } from "../db";
import { forgetAccess } from "../git/github/github-code-host";
import type { Env } from "../env";
import { logger } from "../logger";
import { type AdmissionList, checkAdmission } from "./admission";
import { fetchGithubOrgs } from "./github-orgs";
import { sealGithubToken } from "./github-token";
import { sealingAdapter } from "./sealing-adapter";
import { authorizeDevSignIn } from "./dev-sign-in";

export const DEV_PROVIDER_ID = "dev";

export function admissionList(env: Env): AdmissionList {
  return {
    emails: env.NIGHTSHIFT_ALLOWED_EMAILS,
    emailDomains: env.NIGHTSHIFT_ALLOWED_EMAIL_DOMAINS,
    githubOrgs: env.NIGHTSHIFT_ALLOWED_GITHUB_ORGS,
  };
}

export function refusedUrl(email: string | null | undefined): string {
  const query = email ? `?email=${encodeURIComponent(email)}` : "";
  return `/sign-in/refused${query}`;
}

export function buildAuthConfig(env: Env): NextAuthConfig {
  const list = admissionList(env);
  const providers: NextAuthConfig["providers"] = [];
  if (env.signIn.kind === "github") {
    // repo: to learn what the person may do on private repositories, and to open their pull requests.
    const scopes = ["read:user", "user:email", "repo", ...(list.githubOrgs.length > 0 ? ["read:org"] : [])];
    providers.push(
      GitHub({
        clientId: env.signIn.clientId,
        clientSecret: env.signIn.clientSecret,
        ...(env.GITHUB_URL === "https://github.com" ? {} : { enterprise: { baseUrl: env.GITHUB_URL } }),
        authorization: { params: { scope: scopes.join(" ") } },
        profile: (profile) => ({
          id: String(profile.id),
          name: profile.name ?? profile.login,
          email: profile.email,
          image: profile.avatar_url,
          githubLogin: profile.login,
        }),
      }),
    );
  } else {
    providers.push(
      Credentials({
        id: DEV_PROVIDER_ID,
        name: "Development sign-in",
        credentials: { name: { label: "Name" }, email: { label: "Email", type: "email" } },
        authorize: (credentials) => authorizeDevSignIn(credentials, list),
      }),
    );
  }

  return {
    adapter: sealingAdapter(PrismaAdapter(getDb()), env),
    session: { strategy: "jwt" },
    secret: env.AUTH_SECRET,
    // Self-hosted behind a proxy, the host header is the only way to know our own URL.
    trustHost: true,
    providers,
    pages: { signIn: "/sign-in", error: "/sign-in" },
    logger: {
      // A refused sign-in is expected, not an error worth a stack trace.
      error: (error) =>
        error instanceof CredentialsSignin
          ? logger.info("sign-in refused", { code: error.code })
          : logger.error("sign-in failed", { error: error.cause ?? error }),
      warn: (code) => logger.warn(`next-auth warning: ${code}`),
      debug: (message, metadata) => logger.debug(`next-auth: ${message}`, { metadata }),
    },
    events: {
      signIn: async ({ account, user }) => {
        // With nobody named in NIGHTSHIFT_ADMINS, the development sign-in's first person administers.
        if (user.id) await claimFirstAdministrator(user.id, getDb(), env);
        // The adapter stores a GitHub token when the account is first linked; a later sign-in brings
        // a fresh one (the old one may have been revoked), which access checks must use from now on.
        if (account?.provider !== "github" || !account.access_token) return;
        await getDb().account.updateMany({
          where: { provider: "github", providerAccountId: account.providerAccountId },
          data: {
            access_token: sealGithubToken(account.access_token, env),
            scope: account.scope ?? null,
            token_type: account.token_type ?? null,
          },
        });
        if (user.id) forgetAccess(user.id);
      },
    },
    callbacks: {
      signIn: async ({ account, user }) => {
        if (account?.provider !== "github") return true;
        const orgs =
          list.githubOrgs.length > 0 && account.access_token
            ? await fetchGithubOrgs({ accessToken: account.access_token, apiUrl: env.githubApiUrl })
            : [];
        const decision = checkAdmission({ email: user.email, githubOrgs: orgs }, list);
        if (decision.isAdmitted) return true;
        logger.info("sign-in refused by the admission list", { provider: "github", email: user.email });
        return refusedUrl(user.email);
      },
      jwt: ({ token, user }) => {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session: ({ session, token }) => {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}
