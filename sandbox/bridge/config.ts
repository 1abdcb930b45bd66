// The bridge's configuration: the sandbox's environment, set by the control plane.
import path from "node:path";
import { BRIDGE_ENV } from "./protocol";

export type BootMode = "fresh" | "repo_image" | "snapshot_restore" | "build";

export type BridgeConfig = {
  controlPlaneUrl: string;
  token: string;
  sandboxId: string;
  sessionId: string;
  repositoryUrl: string;
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
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  const missing: string[] = [];
  const read = (name: string): string => {
    const value = env[name];
    if (!value) missing.push(name);
    return value ?? "";
  };
  const bootMode = read(BRIDGE_ENV.bootMode);
  const workspace = read(BRIDGE_ENV.workspace);
  const config: BridgeConfig = {
    controlPlaneUrl: read(BRIDGE_ENV.controlPlaneUrl).replace(/\/+$/, ""),
    token: read(BRIDGE_ENV.token),
    sandboxId: read(BRIDGE_ENV.sandboxId),
    sessionId: read(BRIDGE_ENV.sessionId),
    repositoryUrl: read(BRIDGE_ENV.repositoryUrl),
    baseBranch: read(BRIDGE_ENV.baseBranch),
    branch: read(BRIDGE_ENV.branch),
    bootMode: bootMode as BootMode,
    workspace,
    repoDir: path.join(workspace, "repo"),
    stateDir: path.join(read("HOME"), ".nightshift-bridge"),
    home: read("HOME"),
    opencodeBin: read(BRIDGE_ENV.opencodeBin),
    agentConfig: read(BRIDGE_ENV.agentConfig),
    setupTimeoutMs: seconds(env[BRIDGE_ENV.setupTimeout], 300),
    startTimeoutMs: seconds(env[BRIDGE_ENV.startTimeout], 120),
  };
  if (missing.length > 0) throw new Error(`The bridge needs ${missing.join(", ")} in its environment.`);
  if (!["fresh", "repo_image", "snapshot_restore", "build"].includes(bootMode)) {
    throw new Error(`${BRIDGE_ENV.bootMode} must be fresh, repo_image, snapshot_restore or build, not ${bootMode}.`);
  }
  return config;
}

function seconds(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return (Number.isFinite(parsed) && parsed > 0 ? parsed : fallback) * 1000;
}
