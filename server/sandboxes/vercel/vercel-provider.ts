// The Vercel Sandbox provider (docs/deploy.md#vercel-sandbox), on @vercel/sandbox: each sandbox is
// a Vercel sandbox created from the base snapshot (Node, git, ripgrep, OpenCode: npm run
// sandbox:vercel-base), a session's snapshot, or a repository image; the bridge is written into it
// at creation and runs as a detached command with the sandbox's environment. Vercel's network
// policy carries the repository's egress rules. Taking a snapshot ends a Vercel sandbox, so the
// control plane asks for one only when the sandbox is to stop anyway (snapshotEndsSandbox). A
// sandbox lives at most the plan's maximum: created with a timeout, extended while it works.
import { readFileSync } from "node:fs";
import path from "node:path";
import { APIError, type NetworkPolicy, Sandbox, Snapshot } from "@vercel/sandbox";
import { logger } from "../../logger";
import { BRIDGE_ENV } from "../../../sandbox/bridge/protocol";
import type { EgressPolicy } from "../egress-policy";
import type { ImageBuildResult, ImageBuildSpec, SandboxProvider, SandboxSpec } from "../provider";
import { installedOpencodeVersion, SNAPSHOT_FORMAT } from "../snapshots/runtime";
import type { VercelConfig } from "./vercel-config";

/** Where things are in a Vercel sandbox: its working directory, and the bridge Nightshift writes there. */
const SANDBOX_ROOT = "/vercel/sandbox";
const BRIDGE_PATH = `${SANDBOX_ROOT}/.nightshift/bridge.mjs`;
const WORKSPACE = `${SANDBOX_ROOT}/workspace`;
const VERCEL_API = "https://vercel.com/api";
/** A new sandbox's first timeout; the watch job extends it while the sandbox works. */
export const INITIAL_TIMEOUT_MS = 15 * 60_000;
const IMAGE_OUTPUT_LIMIT = 64 * 1024;

export function createVercelProvider(
  config: VercelConfig,
  options: { opencodeBin?: string; bridgeBundle?: string } = {},
): SandboxProvider {
  const bridgeBundle = options.bridgeBundle ?? path.resolve("sandbox/bridge/dist/bridge.mjs");
  const connection = {
    ...(config.credentials ?? {}),
    ...(config.apiUrl ? { fetch: redirectTo(config.apiUrl) } : {}),
  };
  const timeout = Math.min(INITIAL_TIMEOUT_MS, config.maxLifetimeMs);

  const start = async (name: string, spec: { restore?: { providerSnapshotId: string } | null; egress: EgressPolicy }) =>
    Sandbox.create({
      ...connection,
      name,
      source: { type: "snapshot", snapshotId: spec.restore?.providerSnapshotId ?? config.baseSnapshotId },
      timeout,
      resources: { vcpus: config.vcpus },
      networkPolicy: networkPolicyFor(spec.egress, config.alwaysAllowedHosts),
      // Nightshift keeps what it needs in its own snapshots; a stopped sandbox is not resumed.
      persistent: false,
    });

  /** The bridge's environment in a Vercel sandbox: the spec's, and where things are. */
  const bridgeEnv = (env: Record<string, string>) => ({
    ...env,
    [BRIDGE_ENV.workspace]: WORKSPACE,
    ...(options.opencodeBin ? { [BRIDGE_ENV.opencodeBin]: options.opencodeBin } : {}),
  });

  const writeBridge = async (sandbox: Sandbox) => {
    await sandbox.mkDir(`${SANDBOX_ROOT}/.nightshift`).catch(() => undefined);
    await sandbox.writeFiles([{ path: BRIDGE_PATH, content: readFileSync(bridgeBundle) }]);
  };

  const get = (providerId: string) => Sandbox.get({ ...connection, name: providerId });

  return {
    name: "vercel",
    isSealed: true,
    runtime: { format: SNAPSHOT_FORMAT, opencodeVersion: installedOpencodeVersion() },
    snapshotEndsSandbox: true,

    async create(spec: SandboxSpec) {
      const sandbox = await start(sandboxName(spec.sandboxId), spec);
      try {
        await writeBridge(sandbox);
        await sandbox.runCommand({ cmd: "node", args: [BRIDGE_PATH], env: bridgeEnv(spec.env), detached: true });
      } catch (error) {
        await sandbox.delete().catch(() => undefined);
        throw error;
      }
      return { providerId: sandbox.name, expiresAt: sandbox.expiresAt ?? new Date(Date.now() + timeout) };
    },

    async stop(providerId) {
      await ignoringGone(async () => (await get(providerId)).delete());
    },

    async snapshot(providerId) {
      const snapshot = await (await get(providerId)).snapshot();
      return { providerSnapshotId: snapshot.snapshotId, sizeBytes: snapshot.sizeBytes };
    },

    async deleteSnapshot(providerSnapshotId) {
      await ignoringGone(async () => (await Snapshot.get({ ...connection, snapshotId: providerSnapshotId })).delete());
      return { freedBytes: null };
    },

    maxLifetimeMs: config.maxLifetimeMs,

    async extendTimeout(providerId, ms) {
      const sandbox = await get(providerId);
      await sandbox.extendTimeout(ms);
      // What Vercel granted: it caps a session at the plan's maximum.
      return sandbox.expiresAt ?? new Date(Date.now() + ms);
    },

    async buildImage(spec: ImageBuildSpec): Promise<ImageBuildResult> {
      let output = "";
      const add = (text: string) => {
        output = (output + text).slice(-IMAGE_OUTPUT_LIMIT);
      };
      if (!/^https?:\/\//.test(spec.source.url))
        return {
          ok: false,
          commitSha: null,
          output,
          error: "Vercel sandboxes clone from GitHub: a repository on this machine's disk cannot be built there.",
        };
      const sandbox = await start(sandboxName(`image-${spec.imageId}`), { egress: spec.egress });
      try {
        await writeBridge(sandbox);
        // The clone's credentials are this one command's, never written into the sandbox.
        const clone = await sandbox.runCommand({
          cmd: "git",
          args: [
            ...(spec.source.authorization
              ? ["-c", `http.extraHeader=Authorization: ${spec.source.authorization}`]
              : []),
            ...["clone", "--quiet", "--depth", "1", "--single-branch", "--branch", spec.branch, spec.source.url],
            `${WORKSPACE}/repo`,
          ],
          env: { GIT_TERMINAL_PROMPT: "0" },
        });
        add(`$ git clone --depth 1 --branch ${spec.branch}\n${await clone.output("both")}`);
        if (clone.exitCode !== 0)
          return {
            ok: false,
            commitSha: null,
            output,
            error: `Could not clone ${spec.branch}: ${(await clone.stderr()).trim()}`,
          };
        const head = await sandbox.runCommand({ cmd: "git", args: ["-C", `${WORKSPACE}/repo`, "rev-parse", "HEAD"] });
        const commitSha = (await head.stdout()).trim();
        const build = await sandbox.runCommand({
          cmd: "node",
          args: [BRIDGE_PATH, "build-image"],
          env: bridgeEnv(spec.env),
          timeoutMs: spec.setupTimeoutMs + 60_000,
        });
        add(await build.output("both"));
        if (build.exitCode !== 0) {
          const error =
            build.exitCode === 124
              ? `setup.sh did not finish within ${spec.setupTimeoutMs / 1000} s`
              : `setup.sh failed with exit code ${build.exitCode}`;
          return { ok: false, commitSha, output, error };
        }
        // The snapshot ends the sandbox: what it saved is the image.
        const snapshot = await sandbox.snapshot();
        return { ok: true, commitSha, output, providerSnapshotId: snapshot.snapshotId, sizeBytes: snapshot.sizeBytes };
      } finally {
        await sandbox
          .delete()
          .catch((error: unknown) => logger.warn("could not delete an image build's sandbox", { error }));
      }
    },
  };
}

/** A Vercel sandbox's name: Nightshift's id for it, recognisably Nightshift's in Vercel's dashboard. */
const sandboxName = (id: string) => `nightshift-${id}`;

/**
 * The repository's egress rules as Vercel's network policy. The control plane and the code host
 * are always reachable (the bridge's endpoints, the model gateway, git); `public` is Vercel's
 * allow-all: a Vercel sandbox runs on Vercel's network, far from Nightshift's database and
 * services, so private addresses hold nothing of Nightshift's there.
 */
export function networkPolicyFor(egress: EgressPolicy, alwaysAllowedHosts: string[]): NetworkPolicy {
  if (egress.mode === "public") return "allow-all";
  const hosts = egress.mode === "allowlist" ? egress.hosts : [];
  return { allow: [...new Set([...alwaysAllowedHosts, ...hosts])] };
}

/** The SDK's requests to Vercel's API, sent to `apiUrl` instead (a fake of it). */
function redirectTo(apiUrl: string): typeof fetch {
  return (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const { dispatcher: _dispatcher, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
    return fetch(url.startsWith(VERCEL_API) ? `${apiUrl}${url.slice(VERCEL_API.length)}` : url, rest);
  };
}

/** Runs `action`; a sandbox or snapshot that is gone already (404, 410) is what was wanted. */
async function ignoringGone(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof APIError && [404, 410].includes(error.response.status)) return;
    throw error;
  }
}
