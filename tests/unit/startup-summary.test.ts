// The startup summary: one line per port, in a fixed order, saying what serves it and how to
// choose otherwise — as an operator reads it in the server's output.
import { describe, expect, it } from "vitest";
import { startupSummary } from "@/server/adapters";
import { parseEnv } from "@/server/env";
import { modelProviders } from "@/server/models/providers";

describe("the startup summary", () => {
  it("names every port's adapter on the embedded defaults", () => {
    const env = parseEnv({
      NIGHTSHIFT_EMBEDDED: "database,realtime",
      DATABASE_URL: "postgresql://postgres@localhost:5432/postgres?host=/tmp/nightshift-db-AbC123",
      PUSHER_APP_ID: "nightshift",
      PUSHER_KEY: "key",
      PUSHER_SECRET: "secret",
      PUSHER_HOST: "127.0.0.1",
      PUSHER_PORT: "40211",
    });
    const lines = startupSummary(env, modelProviders(env, { keysAsSecrets: new Set(), custom: [] }));
    expect(lines.map((line) => line.slice(0, line.indexOf(":")))).toEqual([
      "database",
      "jobs",
      "realtime",
      "sandboxes",
      "code host",
      "sign-in",
      "models",
    ]);
    expect(lines[0]).toBe(
      "database: embedded PGlite, data in .nightshift/data, serving postgresql://localhost:5432/postgres?host=/tmp/nightshift-db-AbC123 (set DATABASE_URL to use your own Postgres)",
    );
    expect(lines.join("\n")).not.toContain("secret");
    expect(lines[2]).toContain("realtime: embedded Pusher-protocol server on ws://127.0.0.1:40211");
    expect(lines[4]).toContain("code host: local git repositories on this machine");
    expect(lines[5]).toContain("administrator: the first person to sign in");
    expect(lines[6]).toContain("models: none available");
  });

  it("names the production adapters, and an unconfigured administrator", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://app:pw@db.example.com:5432/nightshift?sslmode=require&password=secret",
      INNGEST_EVENT_KEY: "event",
      INNGEST_SIGNING_KEY: "signing",
      GITHUB_CLIENT_ID: "id",
      GITHUB_CLIENT_SECRET: "secret",
      ANTHROPIC_API_KEY: "sk-ant",
    });
    const lines = startupSummary(env, modelProviders(env, { keysAsSecrets: new Set(["OPENAI_API_KEY"]), custom: [] }));
    expect(lines[0]).toBe("database: Postgres at postgresql://db.example.com:5432/nightshift (DATABASE_URL)");
    expect(lines[1]).toBe("jobs: Inngest, functions served at /api/inngest");
    expect(lines[5]).toBe(
      "sign-in: GitHub OAuth; no administrator: set NIGHTSHIFT_ADMINS to name who changes global settings",
    );
    expect(lines[6]).toBe("models: Anthropic (anthropic), OpenAI (openai)");
    expect(startupSummary(env, new Error("connection refused"))[6]).toBe(
      "models: could not be read (connection refused)",
    );
  });
});
