import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { type EventPage, readEventPage } from "../events/list-events";
import { type PromptUsage, promptUsage, type SessionUsage, sessionUsage } from "../models/gateway/session-usage";
import { repositorySettings } from "../repositories/repository-settings";
import { getSandboxProvider } from "../sandboxes/get-provider";
import { describeSeal, type SandboxSeal } from "../sandboxes/seal";
import { instanceSettings } from "../settings/instance-settings";
import { type ArtifactView, toArtifactView } from "./artifact-metadata";
import { maySetBudget, type SessionBudget, toSessionBudget } from "./session-budget";
import {
  type MessageView,
  messageSelect,
  type SessionSummary,
  sessionSelect,
  toSessionSummary,
} from "./session-select";

/** `actor`: who asks; they must be allowed to read the session's repository. */
export type GetSessionOptions = { sessionId: string; actor: Actor; eventLimit?: number };

export type SessionSnapshot = {
  session: SessionSummary;
  /** Every prompt of the session, oldest first: finished ones, the running one, the queue. */
  messages: MessageView[];
  participants: Array<{
    role: "owner" | "member";
    joinedAt: Date;
    lastSeenAt: Date;
    user: { id: string; name: string | null; email: string | null; image: string | null };
  }>;
  /** Their metadata parsed by kind (server/sessions/artifact-metadata.ts). */
  artifacts: ArtifactView[];
  timeline: EventPage;
  /** How the session's sandboxes are sealed (server/sandboxes/seal.ts). */
  seal: SandboxSeal;
  /** What its model calls have used and cost so far. */
  usage: SessionUsage;
  /** The same for each prompt that made calls, by its message id. */
  promptUsage: Record<string, PromptUsage>;
  /** The limits on its own spending (server/sessions/session-budget.ts). */
  budget: SessionBudget;
  /** The automation whose run opened it, if one did (docs/automations.md). */
  automation: { id: string; name: string } | null;
};

/** Everything a client needs to show a session, with the latest page of its timeline. */
export async function getSession(options: GetSessionOptions, db: DbClient = getDb()): Promise<SessionSnapshot> {
  await authorizeSession({ sessionId: options.sessionId, actor: options.actor, need: "read" }, db);
  const row = await db.session.findUnique({
    where: { id: options.sessionId },
    select: {
      ...sessionSelect,
      budgetMicros: true,
      messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: messageSelect },
      participants: {
        orderBy: { joinedAt: "asc" },
        select: {
          role: true,
          joinedAt: true,
          lastSeenAt: true,
          user: { select: { id: true, name: true, email: true, image: true } },
        },
      },
      artifacts: {
        orderBy: { createdAt: "asc" },
        select: { id: true, kind: true, url: true, metadata: true, createdAt: true },
      },
      automationRun: { select: { automation: { select: { id: true, name: true } } } },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", "That session does not exist.");
  const { messages, participants, artifacts, budgetMicros, automationRun, ...session } = row;
  const [timeline, settings, usage, byPrompt, instance] = await Promise.all([
    readEventPage({ sessionId: options.sessionId, limit: options.eventLimit }, db),
    repositorySettings(session.repository.id, db),
    sessionUsage(options.sessionId, db),
    promptUsage(options.sessionId, db),
    instanceSettings(db),
  ]);
  return {
    session: toSessionSummary(session),
    messages,
    participants,
    artifacts: artifacts.map(toArtifactView),
    timeline,
    seal: describeSeal(getSandboxProvider(), { mode: settings.egressMode, hosts: settings.egressHosts }),
    usage,
    promptUsage: byPrompt,
    budget: toSessionBudget(
      budgetMicros,
      instance.sessionBudgetMicros,
      maySetBudget(options.actor, { createdById: session.createdBy.id }),
    ),
    automation: automationRun?.automation ?? null,
  };
}
