// What a sealed local sandbox reaches beyond its egress proxy, and where its bridge finds the
// control plane: the control plane's sandbox endpoints wherever it runs (this machine, the LAN,
// HTTPS on 443), and a code host only when it runs on this machine.
import { describe, expect, it } from "vitest";
import { BRIDGE_ENV } from "@/sandbox/bridge/protocol";
import { bubblewrapCommand } from "@/server/sandboxes/local/local-command";
import { forwardedPorts } from "@/server/sandboxes/local/forwarded-ports";
import type { SandboxSpec } from "@/server/sandboxes/provider";

const spec = (controlPlane: string, repository: string): SandboxSpec => ({
  sandboxId: "sb1",
  sessionId: "s1",
  bootMode: "fresh",
  egress: { mode: "public" },
  env: { [BRIDGE_ENV.controlPlaneUrl]: controlPlane, [BRIDGE_ENV.repositoryUrl]: repository },
});

describe("a sealed sandbox's ways out", () => {
  it("leads to the control plane's sandbox endpoints on this machine, the LAN or behind HTTPS", () => {
    // A local repository is a path on the control plane: nothing more to forward.
    expect(forwardedPorts(spec("http://127.0.0.1:3000", "/api/sandbox/git/r1.git"))).toEqual([
      { port: 3000, host: "127.0.0.1", targetPort: 3000, onlyPathPrefix: "/api/sandbox/", protocol: "http:" },
    ]);
    expect(forwardedPorts(spec("http://192.168.1.10:3000", "https://github.com/acme/app.git"))).toEqual([
      { port: 3000, host: "192.168.1.10", targetPort: 3000, onlyPathPrefix: "/api/sandbox/", protocol: "http:" },
    ]);
    // 443 cannot be listened on inside without a capability: another port, the same place.
    expect(forwardedPorts(spec("https://nightshift.example.com", "https://github.com/acme/app.git"))).toEqual([
      {
        port: 18443,
        host: "nightshift.example.com",
        targetPort: 443,
        onlyPathPrefix: "/api/sandbox/",
        protocol: "https:",
      },
    ]);
  });

  it("leads to a code host on this machine (development, tests) as it is, and to no other", () => {
    expect(forwardedPorts(spec("http://localhost:3000", "http://127.0.0.1:4567/acme/app.git"))).toEqual([
      { port: 3000, host: "127.0.0.1", targetPort: 3000, onlyPathPrefix: "/api/sandbox/", protocol: "http:" },
      { port: 4567, host: "127.0.0.1", targetPort: 4567 },
    ]);
  });

  it("tells the bridge the control plane is on its own loopback, and everything else goes through the proxy", () => {
    const paths = { workspace: "/w", home: "/h", bridgeBundle: "/b.mjs", opencodeBin: "/oc" };
    const { command, args, env } = bubblewrapCommand(
      spec("https://nightshift.example.com", "/api/sandbox/git/r1.git"),
      paths,
      {
        dir: "/tmp/gate",
        proxyPort: 3128,
        controlPlanePort: 18443,
      },
    );
    expect(command).toBe("bwrap");
    expect(args).not.toContain("--share-net");
    expect(args.join(" ")).toContain("--ro-bind /tmp/gate /run/nightshift/gate");
    // Writable: its own workspace and home, and nothing else of the machine.
    const writable = args.flatMap((arg, index) => (arg === "--bind" ? [args[index + 1]] : []));
    expect(writable).toEqual(["/w", "/h"]);
    expect(env).toMatchObject({
      [BRIDGE_ENV.controlPlaneUrl]: "http://127.0.0.1:18443",
      [BRIDGE_ENV.gateDir]: "/run/nightshift/gate",
      HTTPS_PROXY: "http://127.0.0.1:3128",
      NO_PROXY: "localhost,127.0.0.1,::1",
    });
  });
});
