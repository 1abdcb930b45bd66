// `npm run sandbox:vercel-base`: builds the base snapshot Vercel sandboxes start from
// (docs/deploy.md#6-vercel-sandbox-where-agents-run): a sandbox from Vercel's Node 24 image, with
// git, ripgrep and the OpenCode version this Nightshift runs (package.json's opencode-ai), saved
// as a snapshot that does not expire. Prints the id for NIGHTSHIFT_VERCEL_BASE_SNAPSHOT.
// Credentials: VERCEL_TOKEN, VERCEL_TEAM_ID and VERCEL_PROJECT_ID, or VERCEL_OIDC_TOKEN (from
// `vercel env pull`), read from the environment and .env files.
import { readFileSync } from "node:fs";
import { Sandbox } from "@vercel/sandbox";
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), true, { info: () => {}, error: console.error });
const { dependencies } = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> };
const opencodeVersion = dependencies["opencode-ai"];
const env = process.env;
const credentials =
  env.VERCEL_TOKEN && env.VERCEL_TEAM_ID && env.VERCEL_PROJECT_ID
    ? { token: env.VERCEL_TOKEN, teamId: env.VERCEL_TEAM_ID, projectId: env.VERCEL_PROJECT_ID }
    : {};
if (!("token" in credentials) && !env.VERCEL_OIDC_TOKEN) {
  console.error(
    "No Vercel credentials: set VERCEL_TOKEN, VERCEL_TEAM_ID and VERCEL_PROJECT_ID, or run `vercel env pull` for VERCEL_OIDC_TOKEN.",
  );
  process.exit(1);
}

const sandbox = await Sandbox.create({ ...credentials, image: "vercel/sandbox/node:24", timeout: 15 * 60_000 });
console.log(`Building the base in sandbox ${sandbox.name}…`);
try {
  const steps: Array<[string, string[]]> = [
    [
      "bash",
      [
        "-c",
        "command -v git && command -v rg || (sudo apt-get update -qq && sudo apt-get install -y -qq git ripgrep) || sudo dnf install -y -q git ripgrep",
      ],
    ],
    ["sudo", ["npm", "install", "--global", "--no-audit", "--no-fund", `opencode-ai@${opencodeVersion}`]],
    ["bash", ["-c", "node --version && git --version && rg --version | head -1 && opencode --version"]],
  ];
  for (const [cmd, args] of steps) {
    const done = await sandbox.runCommand({ cmd, args, stdout: process.stdout, stderr: process.stderr });
    if (done.exitCode !== 0) throw new Error(`${cmd} ${args.join(" ")} failed with exit code ${done.exitCode}`);
  }
  const snapshot = await sandbox.snapshot({ expiration: 0 });
  console.log(`\nNIGHTSHIFT_VERCEL_BASE_SNAPSHOT=${snapshot.snapshotId}`);
} catch (error) {
  await sandbox.stop().catch(() => undefined);
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
