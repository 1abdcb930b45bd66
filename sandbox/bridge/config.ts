// The bridge's configuration: the sandbox's environment, set by the control plane
// (server/sandboxes/sandbox-env.ts) and by the provider that started the sandbox. Defaults suit
// any sandbox image: the workspace at /workspace, OpenCode on PATH.
import path from "node:path";
import { z } from "zod";
import { DEFAULT_SETUP_TIMEOUT_SECONDS, DEFAULT_START_TIMEOUT_SECONDS } from "../../server/sandboxes/time-limits";
import { BRIDGE_ENV } from "./protocol";

export const BOOT_MODES = ["fresh", "repo_image", "snapshot_restore", "build"] as const;
export type BootMode = (typeof BOOT_MODES)[number];

export type BridgeConfig = {
  controlPlaneUrl: string;
  token: string;
  sandboxId: string;
  sessionId: string;
  /** Where git clones from and pushes to. */
  repositoryUrl: string;
  /** The repository as the control plane named it (a local one's: a path on the control plane), for its events. */
  remote: string;
  baseBranch: string;
  branch: string;
  bootMode: BootMode;
  workspace: string;
  repoDir: string;
  stateDir: string;
  /** The sandbox's home (OpenCode's config folder is under it). */
  home: string;
  opencodeBin: string;
  agentConfig: string;
  setupTimeoutMs: number;
  startTimeoutMs: number;
  /** Leave when the process that started the bridge goes (the control plane, for local sandboxes without bubblewrap). */
  isWatchingParent: boolean;
  /** A sealed local sandbox's gate directory (./gate.ts); null elsewhere. */
  gateDir: string | null;
  /** The work checkpoint to restore at boot (./checkpoint.ts); null: none. */
  restoreCheckpoint: string | null;
};

const required = z.string({ error: "is not set" }).min(1, "is empty");
const seconds = (fallback: number) =>
  z.coerce
    .number()
    .positive()
    .catch(fallback)
    .transform((value) => value * 1000);

const schema = z.object({
  [BRIDGE_ENV.controlPlaneUrl]: required.transform((url) => url.replace(/\/+$/, "")),
  [BRIDGE_ENV.token]: required,
  [BRIDGE_ENV.sandboxId]: required,
  [BRIDGE_ENV.sessionId]: required,
  [BRIDGE_ENV.repositoryUrl]: required,
  [BRIDGE_ENV.baseBranch]: required,
  [BRIDGE_ENV.branch]: required,
  [BRIDGE_ENV.bootMode]: z.enum(BOOT_MODES, { error: `must be one of ${BOOT_MODES.join(", ")}` }),
  [BRIDGE_ENV.workspace]: z.string().min(1).default("/workspace"),
  [BRIDGE_ENV.opencodeBin]: z.string().min(1).default("opencode"),
  [BRIDGE_ENV.agentConfig]: required,
  [BRIDGE_ENV.setupTimeout]: seconds(DEFAULT_SETUP_TIMEOUT_SECONDS),
  [BRIDGE_ENV.startTimeout]: seconds(DEFAULT_START_TIMEOUT_SECONDS),
  [BRIDGE_ENV.watchParent]: z.string().optional(),
  [BRIDGE_ENV.gateDir]: z.string().min(1).optional(),
  [BRIDGE_ENV.restoreCheckpoint]: z
    .string()
    .regex(/^[0-9a-f]{40}$/, "must be a commit's full hash")
    .optional(),
  HOME: required,
});

export function readConfig(env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new Error(`The bridge's environment is not usable: ${problems.join("; ")}.`);
  }
  const values = parsed.data;
  const workspace = values[BRIDGE_ENV.workspace];
  const controlPlaneUrl = values[BRIDGE_ENV.controlPlaneUrl];
  const repositoryUrl = values[BRIDGE_ENV.repositoryUrl];
  return {
    controlPlaneUrl,
    token: values[BRIDGE_ENV.token],
    sandboxId: values[BRIDGE_ENV.sandboxId],
    sessionId: values[BRIDGE_ENV.sessionId],
    // A path is on the control plane (a local repository), wherever this sandbox reaches it: after
    // its URL, as the bridge's own endpoints are.
    repositoryUrl: repositoryUrl.startsWith("/") ? `${controlPlaneUrl}${repositoryUrl}` : repositoryUrl,
    remote: repositoryUrl,
    baseBranch: values[BRIDGE_ENV.baseBranch],
    branch: values[BRIDGE_ENV.branch],
    bootMode: values[BRIDGE_ENV.bootMode],
    workspace,
    repoDir: path.join(workspace, "repo"),
    stateDir: path.join(values.HOME, ".nightshift-bridge"),
    home: values.HOME,
    opencodeBin: values[BRIDGE_ENV.opencodeBin],
    agentConfig: values[BRIDGE_ENV.agentConfig],
    setupTimeoutMs: values[BRIDGE_ENV.setupTimeout],
    startTimeoutMs: values[BRIDGE_ENV.startTimeout],
    isWatchingParent: values[BRIDGE_ENV.watchParent] === "1",
    gateDir: values[BRIDGE_ENV.gateDir] ?? null,
    restoreCheckpoint: values[BRIDGE_ENV.restoreCheckpoint] ?? null,
  };
}
