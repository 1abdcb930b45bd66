// How the local provider runs a sandbox's bridge: inside bubblewrap (a user, pid, ipc and uts
// namespace of its own; /usr and /etc read-only; only the workspace, the home and a local
// repository writable; nothing else of the machine), or as a plain child process. Either way
// with exactly the sandbox's environment, plus where this provider put things.
import path from "node:path";
import { BRIDGE_ENV } from "../../../sandbox/bridge/protocol";
import type { SandboxSpec } from "../provider";

const SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin";
const IN_SANDBOX = {
  workspace: "/workspace",
  home: "/home/agent",
  bridge: "/opt/nightshift/bridge.mjs",
  opencode: "/opt/nightshift/opencode",
};

export type HostPaths = { workspace: string; home: string; bridgeBundle: string; opencodeBin: string };
export type BridgeCommand = { command: string; args: string[]; env: Record<string, string> };

/** A local repository's directory, from the clone URL its code host gave (file://…). */
export function localRepositoryPath(spec: SandboxSpec): string | undefined {
  const url = spec.env[BRIDGE_ENV.repositoryUrl];
  return url?.startsWith("file://") ? url.slice("file://".length) : undefined;
}

export function bubblewrapCommand(spec: SandboxSpec, paths: HostPaths): BridgeCommand {
  const nodeDir = path.dirname(process.execPath);
  const repository = localRepositoryPath(spec);
  const args = [
    "--unshare-all",
    "--share-net",
    "--die-with-parent",
    "--new-session",
    ...["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"],
    ...["--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64"],
    ...["--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin"],
    ...["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"],
    ...(nodeDir.startsWith("/usr/") ? [] : ["--ro-bind", nodeDir, nodeDir]),
    ...["--ro-bind", paths.bridgeBundle, IN_SANDBOX.bridge, "--ro-bind", paths.opencodeBin, IN_SANDBOX.opencode],
    ...["--bind", paths.workspace, IN_SANDBOX.workspace, "--bind", paths.home, IN_SANDBOX.home],
    ...(repository ? ["--bind", repository, repository] : []),
    ...["--chdir", IN_SANDBOX.workspace],
    "--",
    process.execPath,
    IN_SANDBOX.bridge,
  ];
  // bwrap passes its own environment on, and it gets exactly the sandbox's: secrets stay out of
  // the command line, where other users of the machine could read them. bwrap ends the sandbox
  // with its parent (--die-with-parent).
  const env = processEnv(spec, {
    workspace: IN_SANDBOX.workspace,
    home: IN_SANDBOX.home,
    opencodeBin: IN_SANDBOX.opencode,
  });
  return { command: "bwrap", args, env };
}

export function plainCommand(spec: SandboxSpec, paths: HostPaths): BridgeCommand {
  const env = {
    ...processEnv(spec, paths),
    // Nothing ends a plain child with the control plane: the bridge watches for it itself.
    [BRIDGE_ENV.watchParent]: "1",
  };
  return { command: process.execPath, args: [paths.bridgeBundle], env };
}

function processEnv(
  spec: SandboxSpec,
  where: { workspace: string; home: string; opencodeBin: string },
): Record<string, string> {
  const nodeDir = path.dirname(process.execPath);
  return {
    ...spec.env,
    HOME: where.home,
    PATH: nodeDir.startsWith("/usr/") ? SANDBOX_PATH : `${nodeDir}:${SANDBOX_PATH}`,
    LANG: "C.UTF-8",
    TERM: "xterm",
    [BRIDGE_ENV.workspace]: where.workspace,
    [BRIDGE_ENV.opencodeBin]: where.opencodeBin,
  };
}
