// The ports a sealed local sandbox reaches through its gate (./gate.ts), each on its own loopback:
// the control plane's sandbox endpoints, and a code host on this machine.
import { BRIDGE_ENV } from "../../../sandbox/bridge/protocol";
import type { SandboxSpec } from "../provider";
import type { ForwardedPort } from "./gate";

const isLoopback = (host: string) => host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Where a control plane on a privileged port (80, 443) is inside a sealed sandbox. */
const UNPRIVILEGED_CONTROL_PLANE_PORT = 18443;

/** A URL's host without IPv6 brackets, and its port. */
const endpointOf = (url: URL) => ({
  host: url.hostname === "localhost" ? "127.0.0.1" : url.hostname.replace(/^\[(.*)\]$/, "$1"),
  port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
});

/**
 * What a sealed sandbox reaches beyond the egress proxy, each on a port of its loopback: the
 * control plane's sandbox endpoints wherever the control plane is (on this machine, on the LAN,
 * behind HTTPS), and the code host when it runs on this machine too (development and tests).
 * A local repository's clone URL is a path on the control plane, reached through the first.
 */
export function forwardedPorts(spec: SandboxSpec): ForwardedPort[] {
  const forward: ForwardedPort[] = [];
  const controlPlane = new URL(spec.env[BRIDGE_ENV.controlPlaneUrl]!);
  const { host, port } = endpointOf(controlPlane);
  forward.push({
    // Inside, a port below 1024 would need a capability the sandbox does not have (HTTPS on 443).
    port: port >= 1024 ? port : UNPRIVILEGED_CONTROL_PLANE_PORT,
    host,
    targetPort: port,
    onlyPathPrefix: "/api/sandbox/",
    protocol: controlPlane.protocol === "https:" ? "https:" : "http:",
  });
  const add = (value: string | undefined) => {
    let url: URL;
    try {
      url = new URL(value ?? "");
    } catch {
      return;
    }
    if (url.protocol !== "http:" || !isLoopback(url.hostname)) return;
    const endpoint = endpointOf(url);
    if (forward.some((entry) => entry.port === endpoint.port)) return;
    forward.push({ port: endpoint.port, host: endpoint.host, targetPort: endpoint.port });
  };
  add(spec.env[BRIDGE_ENV.repositoryUrl]);
  return forward;
}
