import { type DbClient, getDb, inTransaction } from "../db";
import { type Env, getEnv } from "../env";
import { logger } from "../logger";
import { generateToken, hashToken } from "../security/tokens";
import { lockSession } from "../sessions/lock-session";
import { failSandbox } from "./fail-sandbox";
import { getSandboxProvider } from "./get-provider";
import type { SandboxProvider } from "./provider";
import { sandboxAgentConfig } from "../models/agent-config";
import { sandboxSecrets } from "../secrets/sandbox-credentials";
import { egressPolicyOf } from "../repositories/repository-settings";
import { DEFAULT_EGRESS_POLICY } from "./egress-policy";
import { buildSandboxEnv } from "./sandbox-env";
import { retireImage } from "./images/run-image-build";
import { hostedRepositorySelect } from "../git/code-host";
import type { BootMode } from "../generated/prisma/client";

export const SANDBOX_TOKEN_PREFIX = "nss_";
/** The model gateway's tokens: OpenCode's key, good for model calls of the sandbox's session only. */
export const GATEWAY_TOKEN_PREFIX = "nsg_";

/**
 * Starts a sandbox created by dispatch (status `pending`): issues its tokens, the bridge's and
 * the model gateway's (only their hashes are kept), and asks the provider to start it, with the
 * repository's egress policy. A sandbox that was already started is left alone, so a retried job
 * starts nothing twice. A provider failure fails the sandbox and its prompt.
 */
export async function spawnSandbox(
  sandboxId: string,
  deps: { db?: DbClient; env?: Env; provider?: SandboxProvider } = {},
): Promise<void> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  const token = generateToken(SANDBOX_TOKEN_PREFIX);
  const gatewayToken = generateToken(GATEWAY_TOKEN_PREFIX);
  const provider = deps.provider ?? getSandboxProvider(env);
  // Gone already: its session was deleted (a prepared session discarded) before it could start.
  const found = await db.sandbox.findUnique({ where: { id: sandboxId }, select: { sessionId: true } });
  if (!found) return;
  const { sessionId } = found;
  const sandbox = await inTransaction(db, async (tx) => {
    if (!(await lockSession(tx, sessionId).catch(() => null))) return null;
    const row = await tx.sandbox.findUnique({
      where: { id: sandboxId },
      select: {
        status: true,
        bootMode: true,
        checkpointCommit: true,
        restoredFrom: { select: { id: true, providerSnapshotId: true } },
        image: { select: { id: true, providerSnapshotId: true } },
        session: {
          select: {
            id: true,
            branch: true,
            baseBranch: true,
            model: true,
            repository: {
              select: {
                ...hostedRepositorySelect,
                settings: {
                  select: { setupTimeoutSeconds: true, startTimeoutSeconds: true, egressMode: true, egressHosts: true },
                },
              },
            },
          },
        },
      },
    });
    if (row?.status !== "pending") return null;
    await tx.sandbox.update({
      where: { id: sandboxId },
      data: {
        status: "spawning",
        // Recorded before it starts, so that it is stopped by this provider whatever happens next.
        provider: provider.name,
        tokenHash: hashToken(token),
        gatewayTokenHash: hashToken(gatewayToken),
        lastHeartbeatAt: new Date(),
        lastActivityAt: new Date(),
      },
    });
    return row;
  });
  if (!sandbox) return;

  const start = async (bootMode: BootMode, restore: { providerSnapshotId: string } | null) =>
    provider.create({
      sandboxId,
      sessionId,
      bootMode,
      restore,
      egress: {
        ...(sandbox.session.repository.settings
          ? egressPolicyOf(sandbox.session.repository.settings)
          : DEFAULT_EGRESS_POLICY),
        internalNetworks: env.sandboxes.internalNetworks,
      },
      // Secrets, but no model provider key (docs/secrets.md); Nightshift's own variables cannot be
      // among them.
      env: {
        ...(await sandboxSecrets(sandbox.session.repository.id, db, env)),
        ...buildSandboxEnv(env, {
          sandboxId,
          token,
          gatewayToken,
          bootMode,
          session: sandbox.session,
          repository: sandbox.session.repository,
          setupTimeoutSeconds: sandbox.session.repository.settings?.setupTimeoutSeconds,
          startTimeoutSeconds: sandbox.session.repository.settings?.startTimeoutSeconds,
          restoreCheckpoint: sandbox.checkpointCommit,
          agentConfig: await sandboxAgentConfig({
            repositoryId: sandbox.session.repository.id,
            sessionModel: sandbox.session.model,
            db,
            env,
          }),
        }),
      },
    });

  try {
    let providerId: string;
    let expiresAt: Date | undefined;
    const snapshot = sandbox.bootMode === "snapshot_restore" ? sandbox.restoredFrom : null;
    const image = sandbox.bootMode === "repo_image" ? sandbox.image : null;
    const files = snapshot?.providerSnapshotId ?? image?.providerSnapshotId;
    if (files) {
      try {
        ({ providerId, expiresAt } = await start(sandbox.bootMode, { providerSnapshotId: files }));
      } catch (error) {
        // The snapshot or image cannot be restored (its files are gone, say): it is retired, and
        // the sandbox boots fresh (from the session's pushed branch, if any) instead.
        const reason = `Could not be restored: ${error instanceof Error ? error.message : String(error)}`;
        logger.warn("could not restore a sandbox's files; booting fresh", { sandboxId, snapshot, image, error });
        if (snapshot)
          await db.sandboxSnapshot.update({
            where: { id: snapshot.id },
            data: { status: "retired", retiredReason: reason },
          });
        if (image) await retireImage(image, reason, { db, provider });
        await db.sandbox.update({
          where: { id: sandboxId },
          data: { bootMode: "fresh", restoredFromId: null, imageId: null },
        });
        ({ providerId, expiresAt } = await start("fresh", null));
      }
    } else {
      // A row that names files it lost (deleted with their snapshot) boots fresh too.
      if (sandbox.bootMode !== "fresh")
        await db.sandbox.update({ where: { id: sandboxId }, data: { bootMode: "fresh" } });
      ({ providerId, expiresAt } = await start("fresh", null));
    }
    await db.sandbox.update({ where: { id: sandboxId }, data: { providerId, expiresAt: expiresAt ?? null } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error("could not start a sandbox", { sandboxId, sessionId, error });
    await failSandbox(
      {
        sandboxId,
        error: `The sandbox could not be started: ${message}`,
        promptError: `sandbox failed to start: ${message}`,
      },
      db,
    );
  }
}
