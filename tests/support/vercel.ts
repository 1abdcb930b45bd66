// Vercel Sandbox for a test file: the fake of Vercel's API (tests/fixtures/vercel), a base snapshot
// made in it, and the environment that selects the Vercel provider and points the real SDK at the
// fake. Call it before withSessionLoop, whose server reads that environment. Sandboxes run as
// local processes, so the real bridge and OpenCode (this machine's binary) run behind the SDK.
import { Sandbox } from "@vercel/sandbox";
import { afterAll, beforeAll } from "vitest";
import { findOpencodeBinary } from "@/server/sandboxes/local/local-provider";
import { type FakeVercelApi, startFakeVercelApi } from "../fixtures/vercel/fake-vercel-api";

const NAMES = [
  "NIGHTSHIFT_SANDBOX_PROVIDER",
  "VERCEL_TOKEN",
  "VERCEL_TEAM_ID",
  "VERCEL_PROJECT_ID",
  "NIGHTSHIFT_VERCEL_BASE_SNAPSHOT",
  "NIGHTSHIFT_VERCEL_API_URL",
  "NIGHTSHIFT_OPENCODE_BIN",
] as const;

/** The provider is made once per process from the environment: a test file choosing another forgets it. */
const forgetProvider = () => {
  delete (globalThis as { nightshiftSandboxProvider?: unknown }).nightshiftSandboxProvider;
};

/** The fake Vercel API with a base snapshot made in it, and the variables that select the Vercel provider and point it there. */
export async function startFakeVercel(): Promise<{
  api: FakeVercelApi;
  baseSnapshotId: string;
  env: Record<(typeof NAMES)[number], string>;
}> {
  const api = await startFakeVercelApi();
  // The base: an empty sandbox's disk (the commands find Node, git and ripgrep on this machine).
  const base = await Sandbox.create({ ...api.credentials, fetch: api.fetch });
  const baseSnapshotId = (await base.snapshot()).snapshotId;
  const env = {
    NIGHTSHIFT_SANDBOX_PROVIDER: "vercel",
    VERCEL_TOKEN: api.credentials.token,
    VERCEL_TEAM_ID: api.credentials.teamId,
    VERCEL_PROJECT_ID: api.credentials.projectId,
    NIGHTSHIFT_VERCEL_BASE_SNAPSHOT: baseSnapshotId,
    NIGHTSHIFT_VERCEL_API_URL: api.url,
    NIGHTSHIFT_OPENCODE_BIN: findOpencodeBinary(),
  };
  return { api, baseSnapshotId, env };
}

export function withFakeVercel(): { readonly api: FakeVercelApi; readonly baseSnapshotId: string } {
  let api: FakeVercelApi | undefined;
  let baseSnapshotId = "";
  const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    const started = await startFakeVercel();
    ({ api, baseSnapshotId } = started);
    Object.assign(process.env, started.env);
    forgetProvider();
  });
  afterAll(async () => {
    await api?.close();
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    forgetProvider();
  });
  return {
    get api() {
      if (!api) throw new Error("The fake Vercel API starts in beforeAll; use it inside tests.");
      return api;
    },
    get baseSnapshotId() {
      return baseSnapshotId;
    },
  };
}
