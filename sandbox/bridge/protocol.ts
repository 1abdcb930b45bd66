// The wire protocol between a sandbox's bridge and the control plane, shared by both sides.
// Every request goes from the sandbox outwards, with `Authorization: Bearer <sandbox token>`.
// docs/sessions.md#the-bridge-protocol.
import { z } from "zod";
import type { BridgeTimelineEvent } from "../../server/events/schemas";

export const BRIDGE_PATHS = {
  /** POST an EventBatch; the reply says which batch is the last one stored. */
  events: "/api/sandbox/events",
  /** GET ?after=<seq>&waitMs=<ms>: commands numbered after `after`, waiting for one up to waitMs. */
  commands: "/api/sandbox/commands",
  /** POST { seq }: the bridge has taken every command up to seq. */
  ack: "/api/sandbox/commands/ack",
  /** POST {}: the bridge is alive. Every 15 s. */
  heartbeat: "/api/sandbox/heartbeat",
  /**
   * POST {}: credentials for the session's repository, for git's credential helper (GitHub: a
   * token for that one repository; a local repository: a password for `git` below, for this
   * sandbox — each valid for an hour at most). 404 for a repository that needs none. Nothing the
   * reply holds is stored in the sandbox.
   */
  gitCredentials: "/api/sandbox/git-credentials",
  /** POST a PullRequestRequest (the branch is pushed at `head`): open or update the branch's pull request. */
  pullRequests: "/api/sandbox/pull-requests",
  /**
   * A local repository, over git's smart HTTP protocol: <git>/<repository id>.git, the clone URL
   * the local code host gives, with the git credentials' Basic authentication (not the token).
   */
  git: "/api/sandbox/git",
} as const;

export const gitCredentialsReplySchema = z.object({
  username: z.string(),
  password: z.string(),
  expiresAt: z.string(),
});
export type GitCredentialsReply = z.infer<typeof gitCredentialsReplySchema>;

/** What the heartbeat and the acknowledgement answer. */
export const okReplySchema = z.object({ ok: z.literal(true) });

export const HEARTBEAT_INTERVAL_MS = 15_000;
export const MAX_BATCH_EVENTS = 200;
export const MAX_COMMAND_WAIT_MS = 25_000;
/** Batch and command numbers are stored as Postgres integers; a larger one cannot name anything. */
export const MAX_SEQ = 2_147_483_647;

/** What a bridge sends: a timeline event (server/events/schemas.ts) of a prompt, or of none. */
export type BridgeEvent = BridgeTimelineEvent & { messageId?: string | null };

/**
 * Batches are numbered from 1 with no gaps; a repeated number is a retry and is ignored. Only
 * the envelope is checked here: each event is checked on its own when the batch is stored, so
 * that one that does not fit is kept as an error event instead of refusing the batch, which the
 * bridge would resend forever (server/events/fit-event.ts).
 */
export const eventBatchSchema = z.object({
  batch: z.number().int().min(1).max(MAX_SEQ),
  events: z.array(z.unknown()).min(1).max(MAX_BATCH_EVENTS),
});
/** A batch as the control plane receives it. */
export type IncomingEventBatch = z.infer<typeof eventBatchSchema>;
/** A batch as the bridge sends it. */
export type EventBatch = { batch: number; events: BridgeEvent[] };
export const eventBatchReplySchema = z.object({ lastBatch: z.number().int().min(0) });
export type EventBatchReply = z.infer<typeof eventBatchReplySchema>;

export const pullRequestRequestSchema = z.object({
  title: z.string().trim().min(1).max(256),
  body: z.string().max(60_000),
  base: z.string().trim().min(1).max(255).optional(),
  draft: z.boolean().optional(),
  /** The prompt the agent was running: its author is whose pull request it is. */
  messageId: z.string().nullable(),
  /** The commit the bridge pushed the session branch at. */
  head: z.string().regex(/^[0-9a-f]{40}$/),
});
export type PullRequestRequest = z.infer<typeof pullRequestRequestSchema>;
export const pullRequestReplySchema = z.object({
  action: z.enum(["created", "updated"]),
  number: z.number().int().nullable(),
  url: z.string(),
  onGithub: z.boolean(),
});
export type PullRequestReply = z.infer<typeof pullRequestReplySchema>;

export const promptPayloadSchema = z.object({
  messageId: z.string(),
  content: z.string(),
  model: z.object({ provider: z.string(), name: z.string() }),
  /** The OpenCode variant to run the model with (the catalog declares each model's). */
  reasoningEffort: z.string().max(32).nullable(),
  author: z.object({ name: z.string(), email: z.string() }),
  /** Others who prompted in the session before this prompt: Co-authored-by on its commits. */
  coAuthors: z.array(z.object({ name: z.string(), email: z.string() })).default([]),
  /** For the agent only, before the person's prompt: what happened to the sandbox this one replaces. */
  notice: z.string().max(4_000).optional(),
});
export type PromptPayload = z.infer<typeof promptPayloadSchema>;

export const stopPayloadSchema = z.object({ messageId: z.string(), reason: z.string() });
export type StopPayload = z.infer<typeof stopPayloadSchema>;

export const commandSchema = z.discriminatedUnion("type", [
  z.object({ seq: z.number().int(), type: z.literal("prompt"), payload: promptPayloadSchema }),
  z.object({ seq: z.number().int(), type: z.literal("stop"), payload: stopPayloadSchema }),
  z.object({ seq: z.number().int(), type: z.literal("push"), payload: z.object({}).passthrough() }),
  z.object({ seq: z.number().int(), type: z.literal("shutdown"), payload: z.object({}).passthrough() }),
  /** Save the running prompt's work to the session's checkpoint ref (checkpointRef); answered by a `checkpoint` event. */
  z.object({ seq: z.number().int(), type: z.literal("checkpoint"), payload: z.object({}).passthrough() }),
]);
export type BridgeCommand = z.infer<typeof commandSchema>;
export const commandsReplySchema = z.object({ commands: z.array(commandSchema) });
export type CommandsReply = z.infer<typeof commandsReplySchema>;

export const commandsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).max(MAX_SEQ).default(0),
  waitMs: z.coerce.number().int().min(0).max(MAX_COMMAND_WAIT_MS).default(0),
});
export const ackSchema = z.object({ seq: z.number().int().min(1).max(MAX_SEQ) });

/**
 * Where a session's work checkpoints are pushed: a ref outside branches and tags, so that it is
 * neither listed as a branch nor shown on GitHub, yet fetchable by the sandbox that replaces one
 * lost mid-prompt (docs/sessions.md#checkpoints).
 */
export function checkpointRef(sessionId: string): string {
  return `refs/nightshift/checkpoints/${sessionId}`;
}

/** The sandbox's environment, set by the control plane when it creates the sandbox. */
export const BRIDGE_ENV = {
  controlPlaneUrl: "NIGHTSHIFT_CONTROL_PLANE_URL",
  token: "NIGHTSHIFT_SANDBOX_TOKEN",
  /** OpenCode's key for the model gateway, valid for nothing else (so it is left in the agent's environment). */
  gatewayToken: "NIGHTSHIFT_GATEWAY_TOKEN",
  sandboxId: "NIGHTSHIFT_SANDBOX_ID",
  sessionId: "NIGHTSHIFT_SESSION_ID",
  /** Where git clones from and pushes to: a URL, or a path on the control plane (a local repository's). */
  repositoryUrl: "NIGHTSHIFT_REPOSITORY_URL",
  baseBranch: "NIGHTSHIFT_BASE_BRANCH",
  branch: "NIGHTSHIFT_BRANCH",
  bootMode: "NIGHTSHIFT_BOOT_MODE",
  /** Where the bridge works; default /workspace. Set by providers that put it elsewhere. */
  workspace: "NIGHTSHIFT_WORKSPACE",
  /** OpenCode's binary; default `opencode` on PATH. Set by providers that put it elsewhere. */
  opencodeBin: "NIGHTSHIFT_OPENCODE_BIN",
  /** "1": nothing ends the sandbox with the control plane's process, so the bridge watches for it (local, no bubblewrap). */
  watchParent: "NIGHTSHIFT_WATCH_PARENT",
  /** A sealed local sandbox's gate: a directory of sockets that lead out (sandbox/bridge/gate.ts). */
  gateDir: "NIGHTSHIFT_GATE_DIR",
  /** OpenCode's configuration (JSON): providers, model, permissions. Keys are {env:…} references. */
  agentConfig: "NIGHTSHIFT_AGENT_CONFIG",
  /** A checkpoint commit to restore after getting the repository (the failed sandbox this one replaces saved it). */
  restoreCheckpoint: "NIGHTSHIFT_RESTORE_CHECKPOINT",
  setupTimeout: "SETUP_TIMEOUT_SECONDS",
  startTimeout: "START_TIMEOUT_SECONDS",
} as const;
