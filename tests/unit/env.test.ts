import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES, EnvError, parseEnv } from "@/server/env";

const secret = "a-secret-that-is-at-least-32-characters-long";

function refusal(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("configuration", () => {
  it("needs nothing in development: embedded database, development sign-in, open admission", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ NODE_ENV: "development", NIGHTSHIFT_DATA_DIR: ".nightshift", signIn: { kind: "dev" } });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.NIGHTSHIFT_ALLOWED_EMAILS).toEqual([]);
  });

  it("runs jobs on pg-boss by default, on Inngest with both keys, and names a missing key", () => {
    expect(parseEnv({}).jobs).toEqual({ kind: "pg-boss" });
    expect(parseEnv({ INNGEST_EVENT_KEY: "event", INNGEST_SIGNING_KEY: "signkey-prod-1" }).jobs).toEqual({
      kind: "inngest",
      eventKey: "event",
      signingKey: "signkey-prod-1",
    });
    expect(refusal({ INNGEST_EVENT_KEY: "event" })).toContain("INNGEST_SIGNING_KEY: is required too");
  });

  it("tells sandboxes to reach this server on loopback at PORT unless NIGHTSHIFT_URL says otherwise", () => {
    expect(parseEnv({}).controlPlaneUrl).toBe("http://127.0.0.1:3000");
    expect(parseEnv({ PORT: "4100" }).controlPlaneUrl).toBe("http://127.0.0.1:4100");
    expect(parseEnv({ NIGHTSHIFT_URL: "https://nightshift.example.com/" }).controlPlaneUrl).toBe(
      "https://nightshift.example.com",
    );
    expect(refusal({ NIGHTSHIFT_SANDBOX_ISOLATION: "docker" })).toContain("NIGHTSHIFT_SANDBOX_ISOLATION");
  });

  it("names administrators by email or GitHub login in lower case, and wants the secrets key with GitHub sign-in in production", () => {
    expect(parseEnv({ NIGHTSHIFT_ADMINS: " Ada@Example.com, @Grace-Hopper ,, " }).admins).toEqual([
      "ada@example.com",
      "grace-hopper",
    ]);
    const github = { NODE_ENV: "production", AUTH_SECRET: secret, GITHUB_CLIENT_ID: "id", GITHUB_CLIENT_SECRET: "s" };
    expect(refusal(github)).toContain(
      "NIGHTSHIFT_SECRETS_KEY: is required with GitHub sign-in in production: the GitHub tokens people sign in with are stored sealed with it",
    );
    expect(parseEnv({ ...github, NIGHTSHIFT_SECRETS_KEY: Buffer.alloc(32, 7).toString("base64") }).signIn.kind).toBe(
      "github",
    );
  });

  it("chooses the local sandbox provider, and knows what the launcher embedded", () => {
    expect(parseEnv({ NIGHTSHIFT_SANDBOX_ISOLATION: "none" }).sandboxes).toEqual({
      kind: "local",
      dataDir: ".nightshift",
      isolation: "none",
      opencodeBin: undefined,
      snapshotDiskBytes: 20 * 1024 ** 3,
      internalNetworks: [],
      suspendedLimit: 4,
      vercel: null,
    });
    expect(parseEnv({ NIGHTSHIFT_SUSPENDED_SANDBOXES: "0" }).sandboxes.suspendedLimit).toBe(0);
    expect(refusal({ NIGHTSHIFT_SUSPENDED_SANDBOXES: "-1" })).toContain(
      "NIGHTSHIFT_SUSPENDED_SANDBOXES: must be 0 (stop idle sandboxes) or more",
    );
    expect(
      parseEnv({ NIGHTSHIFT_EGRESS_INTERNAL_NETWORKS: " 10.0.0.0/8, fd00::/8" }).sandboxes.internalNetworks,
    ).toEqual(["10.0.0.0/8", "fd00::/8"]);
    expect(refusal({ NIGHTSHIFT_EGRESS_INTERNAL_NETWORKS: "10.0.0.0/8,::1" })).toContain(
      'NIGHTSHIFT_EGRESS_INTERNAL_NETWORKS: "::1" is loopback',
    );
    expect(parseEnv({ NIGHTSHIFT_EMBEDDED: "database,realtime" }).embedded).toEqual({ database: true, realtime: true });
    expect(parseEnv({}).embedded).toEqual({ database: false, realtime: false });
    expect(refusal({ NIGHTSHIFT_EMBEDDED: "database,redis" })).toContain(
      "NIGHTSHIFT_EMBEDDED.1: lists only database and realtime",
    );
  });

  it("finds GitHub Enterprise Server's API under its address", () => {
    expect(parseEnv({ GITHUB_URL: "https://github.example.com/" })).toMatchObject({
      GITHUB_URL: "https://github.example.com",
      githubApiUrl: "https://github.example.com/api/v3",
      githubOidc: { issuer: "https://github.example.com/_services/token", audience: "http://127.0.0.1:3000" },
    });
  });

  it("trusts GitHub's OIDC issuer with this server's address as the audience, unless told otherwise", () => {
    expect(parseEnv({ NIGHTSHIFT_URL: "https://nightshift.example.com/" }).githubOidc).toEqual({
      issuer: "https://token.actions.githubusercontent.com",
      audience: "https://nightshift.example.com",
    });
    expect(
      parseEnv({
        NIGHTSHIFT_GITHUB_OIDC_ISSUER: "http://127.0.0.1:9000/",
        NIGHTSHIFT_GITHUB_OIDC_AUDIENCE: "nightshift",
      }).githubOidc,
    ).toEqual({ issuer: "http://127.0.0.1:9000", audience: "nightshift" });
    expect(refusal({ NIGHTSHIFT_GITHUB_OIDC_ISSUER: "not a url" })).toContain("NIGHTSHIFT_GITHUB_OIDC_ISSUER");
  });

  it("uses GitHub sign-in when both OAuth variables are set, and names the missing half otherwise", () => {
    expect(parseEnv({ GITHUB_CLIENT_ID: "id", GITHUB_CLIENT_SECRET: "s" }).signIn).toEqual({
      kind: "github",
      clientId: "id",
      clientSecret: "s",
    });
    expect(refusal({ GITHUB_CLIENT_ID: "id" })).toContain(
      "GITHUB_CLIENT_SECRET: is required when GITHUB_CLIENT_ID is set",
    );
  });

  it("refuses production without a sign-in, explaining each choice", () => {
    const message = refusal({ NODE_ENV: "production", AUTH_SECRET: secret });
    expect(message).toContain("set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET");
    expect(message).toContain("set NIGHTSHIFT_ALLOW_DEV_SIGNIN=true");
    expect(message).toContain("npm run dev");
  });

  it("allows the development sign-in in production only when asked explicitly", () => {
    expect(
      parseEnv({ NODE_ENV: "production", AUTH_SECRET: secret, NIGHTSHIFT_ALLOW_DEV_SIGNIN: "true" }).signIn.kind,
    ).toBe("dev");
    expect(refusal({ NODE_ENV: "production", AUTH_SECRET: secret, NIGHTSHIFT_ALLOW_DEV_SIGNIN: "yes" })).toContain(
      "NIGHTSHIFT_ALLOW_DEV_SIGNIN",
    );
  });

  it("names a missing AUTH_SECRET in production, and malformed values anywhere", () => {
    expect(refusal({ NODE_ENV: "production", NIGHTSHIFT_ALLOW_DEV_SIGNIN: "true" })).toContain(
      "AUTH_SECRET: is required in production",
    );
    expect(refusal({ DATABASE_URL: "mysql://localhost/db" })).toContain(
      "DATABASE_URL: must be a postgres:// or postgresql:// URL",
    );
    expect(refusal({ AUTH_SECRET: "short" })).toContain("AUTH_SECRET: must be at least 32 characters");
    expect(refusal({ LOG_LEVEL: "loud" })).toContain("LOG_LEVEL");
  });

  it("reads admission lists as trimmed, lower-case, comma-separated values", () => {
    const env = parseEnv({
      NIGHTSHIFT_ALLOWED_EMAILS: " Ada@Example.com, ,grace@example.com ",
      NIGHTSHIFT_ALLOWED_GITHUB_ORGS: "Acme",
    });
    expect(env.NIGHTSHIFT_ALLOWED_EMAILS).toEqual(["ada@example.com", "grace@example.com"]);
    expect(env.NIGHTSHIFT_ALLOWED_GITHUB_ORGS).toEqual(["acme"]);
  });
});

describe(".env.example", () => {
  const example = readFileSync(path.resolve(".env.example"), "utf8");
  const assignments = Object.fromEntries(
    example
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );

  it("lists every variable Nightshift reads, and nothing else", () => {
    expect(Object.keys(assignments).sort()).toEqual([...ENV_VARIABLES].filter((name) => name !== "NODE_ENV").sort());
  });

  it("is a valid configuration as it stands: blank values mean the defaults", () => {
    const env = parseEnv(assignments);
    expect(env).toMatchObject({
      NIGHTSHIFT_DATA_DIR: ".nightshift",
      LOG_LEVEL: "info",
      githubApiUrl: "https://api.github.com",
    });
    expect(env.signIn.kind).toBe("dev");
  });
});
