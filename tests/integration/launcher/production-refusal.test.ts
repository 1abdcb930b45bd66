// `npm start` (production mode) without GitHub OAuth must refuse to start, explaining the choices.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { temporaryDir } from "../../factories";

describe("starting in production without a sign-in configured", () => {
  it("refuses, naming GitHub OAuth, the explicit development sign-in switch and npm run dev", async () => {
    const dataDir = await temporaryDir();
    const env = {
      NODE_ENV: "production" as const,
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NIGHTSHIFT_DATA_DIR: dataDir,
    };

    // Run from an empty directory, so no .env file of the developer's can configure a sign-in.
    const script = path.resolve("scripts/run.ts");
    const tsx = pathToFileURL(path.resolve("node_modules/tsx/dist/loader.mjs")).href;
    const result = spawnSync(process.execPath, ["--import", tsx, script, "start"], {
      cwd: dataDir,
      env,
      encoding: "utf8",
      timeout: 30_000,
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET");
    expect(result.stderr).toContain("NIGHTSHIFT_ALLOW_DEV_SIGNIN=true");
    expect(result.stderr).toContain("npm run dev");
    expect(result.stdout).not.toContain("database:");
  });
});
