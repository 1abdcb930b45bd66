// After a firing ends: it is counted once towards auto-pause — three failed firings in a row
// pause the automation; one where every run completed resets the count; skipped ones count
// neither way — and its summary is POSTed to the automation's notification URL, signed.
import { createHmac } from "node:crypto";
import { loadActor } from "../access/actor";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { logger } from "../logger";
import { openValue } from "../secrets/secrets";
import { promptResult } from "../sessions/prompt-result";

export const AUTO_PAUSE_AFTER_FAILURES = 3;
const NOTIFY_TIMEOUT_MS = 10_000;

export type FiringCount = { paused: boolean; consecutiveFailures: number } | null;

/** Counts the firing's outcome once; says whether this firing paused the automation. */
export async function countFiring(firingId: string, db: DbClient = getDb()): Promise<FiringCount> {
  const firing = await db.automationFiring.findUniqueOrThrow({
    where: { id: firingId },
    select: { automationId: true, status: true },
  });
  if (firing.status === "running" || firing.status === "skipped") return null;
  const claimed = await db.automationFiring.updateMany({
    where: { id: firingId, countedAt: null },
    data: { countedAt: new Date() },
  });
  if (claimed.count === 0) return null;
  if (firing.status === "completed") {
    await db.automation.update({ where: { id: firing.automationId }, data: { consecutiveFailures: 0 } });
    return { paused: false, consecutiveFailures: 0 };
  }
  const { consecutiveFailures, enabled } = await db.automation.update({
    where: { id: firing.automationId },
    data: { consecutiveFailures: { increment: 1 } },
    select: { consecutiveFailures: true, enabled: true },
  });
  if (consecutiveFailures < AUTO_PAUSE_AFTER_FAILURES || !enabled) return { paused: false, consecutiveFailures };
  // Only an enabled automation pauses here, so a person's resume in between is not undone.
  const { count } = await db.automation.updateMany({
    where: { id: firing.automationId, enabled: true },
    data: {
      enabled: false,
      nextRunAt: null,
      pausedReason: `Paused by itself after ${consecutiveFailures} failed runs in a row; resume it once the cause is fixed.`,
    },
  });
  return { paused: count > 0, consecutiveFailures };
}

export type FiringSummary = {
  event: "automation.firing.ended";
  automation: { id: string; name: string; url: string; paused: boolean; consecutiveFailures: number };
  firing: { id: string; source: string; status: string; createdAt: string; finishedAt: string | null };
  runs: Array<{
    repository: string;
    status: string;
    failureReason: string | null;
    sessionUrl: string | null;
    pullRequestUrl: string | null;
    answer: string | null;
  }>;
};

/** The firing's summary: each run's status, session, pull request and the agent's final answer. */
export async function firingSummary(
  firingId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<FiringSummary> {
  const firing = await db.automationFiring.findUniqueOrThrow({
    where: { id: firingId },
    select: {
      id: true,
      source: true,
      status: true,
      createdAt: true,
      finishedAt: true,
      automation: { select: { id: true, name: true, ownerId: true, enabled: true, consecutiveFailures: true } },
      runs: {
        orderBy: { createdAt: "asc" },
        select: {
          status: true,
          failureReason: true,
          sessionId: true,
          messageId: true,
          repository: { select: { owner: true, name: true } },
        },
      },
    },
  });
  const owner = await loadActor(firing.automation.ownerId, db, env);
  const runs = await Promise.all(
    firing.runs.map(async (run) => {
      const result =
        run.sessionId && run.messageId
          ? await promptResult({ sessionId: run.sessionId, messageId: run.messageId, actor: owner }, db, env).catch(
              (error: unknown) => {
                logger.warn("automation summary: the run's result could not be read", { error });
                return null;
              },
            )
          : null;
      return {
        repository: `${run.repository.owner}/${run.repository.name}`,
        status: run.status,
        failureReason: run.failureReason,
        sessionUrl: run.sessionId ? `${env.controlPlaneUrl}/sessions/${run.sessionId}` : null,
        pullRequestUrl: result?.pullRequest?.url ?? null,
        answer: result?.answer ?? null,
      };
    }),
  );
  return {
    event: "automation.firing.ended",
    automation: {
      id: firing.automation.id,
      name: firing.automation.name,
      url: `${env.controlPlaneUrl}/automations/${firing.automation.id}`,
      paused: !firing.automation.enabled,
      consecutiveFailures: firing.automation.consecutiveFailures,
    },
    firing: {
      id: firing.id,
      source: firing.source,
      status: firing.status,
      createdAt: firing.createdAt.toISOString(),
      finishedAt: firing.finishedAt?.toISOString() ?? null,
    },
    runs,
  };
}

/** The signature a receiver checks: `sha256=` and the hex HMAC-SHA256 of the body with the secret. */
export function notificationSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/**
 * POSTs the summary to the automation's notification URL, once: claimed before it is sent, and
 * released again when the receiver did not take it (so the job's retry sends it again).
 */
export async function notifyFiring(firingId: string, db: DbClient = getDb(), env: Env = getEnv()): Promise<boolean> {
  const firing = await db.automationFiring.findUniqueOrThrow({
    where: { id: firingId },
    select: { notifiedAt: true, automation: { select: { notifyUrl: true, notifySecretSealed: true } } },
  });
  const { notifyUrl, notifySecretSealed } = firing.automation;
  if (!notifyUrl || !notifySecretSealed || firing.notifiedAt) return false;
  const claimed = await db.automationFiring.updateMany({
    where: { id: firingId, notifiedAt: null },
    data: { notifiedAt: new Date() },
  });
  if (claimed.count === 0) return false;
  try {
    const body = JSON.stringify(await firingSummary(firingId, db, env));
    const response = await fetch(notifyUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Nightshift-Automations",
        "x-nightshift-event": "automation.firing.ended",
        "x-nightshift-delivery": firingId,
        "x-nightshift-signature": notificationSignature(openValue(notifySecretSealed, env), body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`the notification URL answered ${response.status}`);
    return true;
  } catch (error) {
    await db.automationFiring.update({ where: { id: firingId }, data: { notifiedAt: null } });
    throw error;
  }
}
