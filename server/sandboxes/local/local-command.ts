// How the local provider runs a sandbox's bridge: inside bubblewrap (a user, pid, ipc, uts and
// network namespace of its own — the network holds only its own loopback, and the gate's sockets
// (./gate.ts) are the only ways out; /usr, /etc, Node, the bridge and OpenCode read-only; only its
// own workspace and home writable; nothing else of the machine — a local repository included,
// which it clones from the control plane like any other), or as a plain child process, which is
// not sealed at all. Either way with exactly the sandbox's environment, plus where this provider
// put things.
import path from "node:path";
import { BRIDGE_ENV } from "../../../sandbox/bridge/protocol";
import type { SandboxSpec } from "../provider";

const SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin";
const IN_SANDBOX = {
  workspace: "/workspace",
  home: "/home/agent",
  bridge: "/opt/nightshift/bridge.mjs",
  opencode: "/opt/nightshift/opencode",
  gate: "/run/nightshift/gate",
};

export type HostPaths = { workspace: string; home: string; bridgeBundle: string; opencodeBin: string };
export type BridgeCommand = { command: string; args: string[]; env: Record<string, string> };

/** The gate a sealed sandbox's bridge opens, and the egress proxy its environment names. */
export type SealedGate = { dir: string; proxyPort: number; controlPlanePort: number };

export function bubblewrapCommand(spec: SandboxSpec, paths: HostPaths, gate: SealedGate): BridgeCommand {
  const nodeDir = path.dirname(process.execPath);
  const args = [
    "--unshare-all",
    "--die-with-parent",
    "--new-session",
    ...["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"],
    ...["--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64"],
    ...["--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin"],
    ...["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"],
    ...(nodeDir.startsWith("/usr/") ? [] : ["--ro-bind", nodeDir, nodeDir]),
    ...["--ro-bind", paths.bridgeBundle, IN_SANDBOX.bridge, "--ro-bind", paths.opencodeBin, IN_SANDBOX.opencode],
    ...["--bind", paths.workspace, IN_SANDBOX.workspace, "--bind", paths.home, IN_SANDBOX.home],
    ...["--ro-bind", gate.dir, IN_SANDBOX.gate],
    ...["--chdir", IN_SANDBOX.workspace],
    "--",
    process.execPath,
    IN_SANDBOX.bridge,
  ];
  // bwrap passes its own environment on, and it gets exactly the sandbox's: secrets stay out of
  // the command line, where other users of the machine could read them. bwrap ends the sandbox
  // with its parent (--die-with-parent).
  const proxy = `http://127.0.0.1:${gate.proxyPort}`;
  const env = {
    ...processEnv(spec, { workspace: IN_SANDBOX.workspace, home: IN_SANDBOX.home, opencodeBin: IN_SANDBOX.opencode }),
    [BRIDGE_ENV.gateDir]: IN_SANDBOX.gate,
    // Inside, the control plane is its gate on the sandbox's loopback, whatever its URL outside.
    [BRIDGE_ENV.controlPlaneUrl]: `http://127.0.0.1:${gate.controlPlanePort}`,
    // Everything beyond the loopback goes through the egress proxy; the forwarded ports are on the loopback.
    ...Object.fromEntries(["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"].map((name) => [name, proxy])),
    NO_PROXY: "localhost,127.0.0.1,::1",
    no_proxy: "localhost,127.0.0.1,::1",
  };
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
