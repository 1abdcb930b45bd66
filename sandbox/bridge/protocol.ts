// The wire protocol between a sandbox's bridge and the control plane, shared by both sides.
// Every request goes from the sandbox outwards, with `Authorization: Bearer <sandbox token>`.
// docs/sessions.md#the-bridge-protocol.
import { z } from "zod";

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
   * token for that one repository, valid for an hour at most). 404 for a repository that needs
   * none. Nothing the reply holds is stored in the sandbox.
   */
  gitCredentials: "/api/sandbox/git-credentials",
  /** POST a PullRequestRequest (the branch is pushed at `head`): open or update the branch's pull request. */
  pullRequests: "/api/sandbox/pull-requests",
} as const;

export type GitCredentialsReply = { username: string; password: string; expiresAt: string };

export const HEARTBEAT_INTERVAL_MS = 15_000;
export const MAX_BATCH_EVENTS = 200;
export const MAX_COMMAND_WAIT_MS = 25_000;
/** Batch and command numbers are stored as Postgres integers; a larger one cannot name anything. */
export const MAX_SEQ = 2_147_483_647;

/** The event types a bridge sends; the control plane stores them in order as the timeline. */
export const BRIDGE_EVENT_TYPES = [
  "boot_phase", // { phase: cloning|setup|start|agent, status: started|finished|failed, durationMs? }
  "sandbox_status", // { status: ready|failed, error? }
  "warning", // { message, detail? }
  "user_message", // { content, author: { name, email }, model, reasoningEffort }
  "token", // { partId, text }: assistant text as it streams
  "tool_call", // { callId, tool, status: pending|running|completed|error, title?, input, output?, error? }
  "step_finish", // { tokens: { input, output, reasoning, cacheRead, cacheWrite }, cost }
  "error", // { message }
  "execution_complete", // { success, reason? }
  "session_title", // { title }
  "git_push", // { branch, commit, remote }
] as const;
export type BridgeEventType = (typeof BRIDGE_EVENT_TYPES)[number];

export const bridgeEventSchema = z.object({
  type: z.enum(BRIDGE_EVENT_TYPES),
  data: z.record(z.string(), z.unknown()),
  /** The prompt (message id) the event belongs to, if any. */
  messageId: z.string().min(1).nullish(),
});
export type BridgeEvent = z.infer<typeof bridgeEventSchema>;

/** Batches are numbered from 1 with no gaps; a repeated number is a retry and is ignored. */
export const eventBatchSchema = z.object({
  batch: z.number().int().min(1).max(MAX_SEQ),
  events: z.array(bridgeEventSchema).min(1).max(MAX_BATCH_EVENTS),
});
export type EventBatch = z.infer<typeof eventBatchSchema>;
export type EventBatchReply = { lastBatch: number };

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
export type PullRequestReply = { action: "created" | "updated"; number: number | null; url: string; onGithub: boolean };

export const promptPayloadSchema = z.object({
  messageId: z.string(),
  content: z.string(),
  model: z.object({ provider: z.string(), name: z.string() }),
  /** The OpenCode variant to run the model with (the catalog declares each model's). */
  reasoningEffort: z.string().max(32).nullable(),
  author: z.object({ name: z.string(), email: z.string() }),
  /** Others who prompted in the session before this prompt: Co-authored-by on its commits. */
  coAuthors: z.array(z.object({ name: z.string(), email: z.string() })).default([]),
});
export type PromptPayload = z.infer<typeof promptPayloadSchema>;

export const stopPayloadSchema = z.object({ messageId: z.string(), reason: z.string() });
export type StopPayload = z.infer<typeof stopPayloadSchema>;

export const commandSchema = z.discriminatedUnion("type", [
  z.object({ seq: z.number().int(), type: z.literal("prompt"), payload: promptPayloadSchema }),
  z.object({ seq: z.number().int(), type: z.literal("stop"), payload: stopPayloadSchema }),
  z.object({ seq: z.number().int(), type: z.literal("push"), payload: z.object({}).passthrough() }),
  z.object({ seq: z.number().int(), type: z.literal("shutdown"), payload: z.object({}).passthrough() }),
]);
export type BridgeCommand = z.infer<typeof commandSchema>;
export type CommandsReply = { commands: BridgeCommand[] };

export const commandsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).max(MAX_SEQ).default(0),
  waitMs: z.coerce.number().int().min(0).max(MAX_COMMAND_WAIT_MS).default(0),
});
export const ackSchema = z.object({ seq: z.number().int().min(1).max(MAX_SEQ) });

/** The sandbox's environment, set by the control plane when it creates the sandbox. */
export const BRIDGE_ENV = {
  controlPlaneUrl: "NIGHTSHIFT_CONTROL_PLANE_URL",
  token: "NIGHTSHIFT_SANDBOX_TOKEN",
  sandboxId: "NIGHTSHIFT_SANDBOX_ID",
  sessionId: "NIGHTSHIFT_SESSION_ID",
  repositoryUrl: "NIGHTSHIFT_REPOSITORY_URL",
  baseBranch: "NIGHTSHIFT_BASE_BRANCH",
  branch: "NIGHTSHIFT_BRANCH",
  bootMode: "NIGHTSHIFT_BOOT_MODE",
  workspace: "NIGHTSHIFT_WORKSPACE",
  opencodeBin: "NIGHTSHIFT_OPENCODE_BIN",
  /** OpenCode's configuration (JSON): providers, model, permissions. Keys are {env:…} references. */
  agentConfig: "NIGHTSHIFT_AGENT_CONFIG",
  setupTimeout: "SETUP_TIMEOUT_SECONDS",
  startTimeout: "START_TIMEOUT_SECONDS",
} as const;
