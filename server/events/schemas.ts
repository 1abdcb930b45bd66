// The timeline's event catalogue: one schema per event type. The bridge (bundled into the
// sandbox), the control plane and the browser all import it, so it is pure zod and imports
// nothing else. The type names are those stored in existing rows: never rename one.
// docs/sessions.md#timeline-events.
import { z } from "zod";

export const BOOT_PHASES = ["cloning", "setup", "start", "agent"] as const;
export const BOOT_PHASE_STATUSES = ["started", "finished", "failed", "skipped"] as const;
export const TOOL_CALL_STATUSES = ["pending", "running", "completed", "error"] as const;
export type BootPhase = (typeof BOOT_PHASES)[number];
export type ToolCallStatus = (typeof TOOL_CALL_STATUSES)[number];

const jsonSchema = z.json();
export type JsonValue = z.infer<typeof jsonSchema>;

export const bootPhaseDataSchema = z.object({
  phase: z.enum(BOOT_PHASES),
  status: z.enum(BOOT_PHASE_STATUSES),
  durationMs: z.number().nonnegative().optional(),
  /** Skipped: why (the repository is already there; restored from a snapshot, so no clone or setup). */
  reason: z.string().optional(),
  /** Finished cloning: the branch it was cloned at (the session's, or the base). */
  from: z.string().optional(),
  /** A script started: its path in the repository. */
  script: z.string().optional(),
  /** A script failed: its exit code, null when it was killed (its time limit). */
  exitCode: z.number().int().nullable().optional(),
});

export const sandboxStatusDataSchema = z.discriminatedUnion("status", [
  /** `resumed`: a suspended sandbox took up where it was, rather than booting. */
  z.object({ status: z.literal("ready"), resumed: z.literal(true).optional() }),
  z.object({ status: z.literal("failed"), error: z.string() }),
  /** Only the control plane stops or suspends a sandbox (it was idle). */
  z.object({ status: z.literal("stopped"), reason: z.string() }),
  z.object({ status: z.literal("suspended"), reason: z.string() }),
]);

export const warningDataSchema = z.object({ message: z.string(), detail: z.string().optional() });

export const userMessageDataSchema = z.object({
  content: z.string(),
  author: z.object({ name: z.string(), email: z.string() }),
  /** "<provider>/<model>". */
  model: z.string(),
  reasoningEffort: z.string().nullable(),
});

/** A run of the assistant's streamed text; the runs of one part, in order, are its whole text. */
export const tokenDataSchema = z.object({ partId: z.string(), text: z.string() });

export const toolCallDataSchema = z.object({
  callId: z.string(),
  tool: z.string(),
  status: z.enum(TOOL_CALL_STATUSES),
  title: z.string().optional(),
  /** The tool's arguments: whatever JSON the tool takes, long strings cut. */
  input: jsonSchema,
  output: z.string().optional(),
  /** The output was cut (8,000 characters are kept). */
  outputTruncated: z.literal(true).optional(),
  error: z.string().optional(),
});

const tokenCount = z.number().nonnegative();
export const stepFinishDataSchema = z.object({
  tokens: z.object({
    input: tokenCount,
    output: tokenCount,
    reasoning: tokenCount,
    cacheRead: tokenCount,
    cacheWrite: tokenCount,
  }),
  /** US dollars; added to the session's total. */
  cost: z.number().nonnegative(),
  /** Why the model stopped ("stop", "tool-calls", …). */
  reason: z.string().optional(),
});

export const errorDataSchema = z.object({
  message: z.string(),
  /** The agent's name for the error (e.g. "APIError"). */
  name: z.string().optional(),
  /** More for whoever investigates, e.g. the data of an event that did not fit. */
  detail: z.string().optional(),
});

export const executionCompleteDataSchema = z.object({ success: z.boolean(), reason: z.string().optional() });
export const sessionTitleDataSchema = z.object({ title: z.string() });
export const gitPushDataSchema = z.object({ branch: z.string(), commit: z.string(), remote: z.string() });
/** The running prompt's work, commits and uncommitted changes, saved as `commit` at `ref`. */
export const checkpointDataSchema = z.object({ commit: z.string().regex(/^[0-9a-f]{40}$/), ref: z.string() });

export const pullRequestDataSchema = z.object({
  action: z.enum(["created", "updated"]),
  /** Null for a local repository's reviewable branch, which has no number. */
  number: z.number().int().nullable(),
  url: z.string(),
  title: z.string(),
  onGithub: z.boolean(),
});

const event = <Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.object({ type: z.literal(type), data });

/** The events a sandbox's bridge may send. */
export const bridgeTimelineEventSchema = z.discriminatedUnion("type", [
  event("boot_phase", bootPhaseDataSchema),
  event("sandbox_status", sandboxStatusDataSchema),
  event("warning", warningDataSchema),
  event("user_message", userMessageDataSchema),
  event("token", tokenDataSchema),
  event("tool_call", toolCallDataSchema),
  event("step_finish", stepFinishDataSchema),
  event("error", errorDataSchema),
  event("execution_complete", executionCompleteDataSchema),
  event("session_title", sessionTitleDataSchema),
  event("git_push", gitPushDataSchema),
  event("checkpoint", checkpointDataSchema),
]);

/** Every event of a timeline: the bridge's, and the one only the control plane writes. */
export const timelineEventSchema = z.discriminatedUnion("type", [
  ...bridgeTimelineEventSchema.options,
  event("pull_request", pullRequestDataSchema),
]);

export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export type TimelineEventType = TimelineEvent["type"];
export type TimelineEventOf<Type extends TimelineEventType> = Extract<TimelineEvent, { type: Type }>;
export type EventData<Type extends TimelineEventType> = TimelineEventOf<Type>["data"];
export type BridgeTimelineEvent = z.infer<typeof bridgeTimelineEventSchema>;
export type BridgeEventType = BridgeTimelineEvent["type"];

export type BootPhaseData = z.infer<typeof bootPhaseDataSchema>;
export type SandboxStatusData = z.infer<typeof sandboxStatusDataSchema>;
export type WarningData = z.infer<typeof warningDataSchema>;
export type UserMessageData = z.infer<typeof userMessageDataSchema>;
export type TokenData = z.infer<typeof tokenDataSchema>;
export type ToolCallData = z.infer<typeof toolCallDataSchema>;
export type StepFinishData = z.infer<typeof stepFinishDataSchema>;
export type ErrorData = z.infer<typeof errorDataSchema>;
export type ExecutionCompleteData = z.infer<typeof executionCompleteDataSchema>;
export type SessionTitleData = z.infer<typeof sessionTitleDataSchema>;
export type GitPushData = z.infer<typeof gitPushDataSchema>;
export type PullRequestData = z.infer<typeof pullRequestDataSchema>;

export const TIMELINE_EVENT_TYPES: readonly TimelineEventType[] = timelineEventSchema.options.map(
  (option) => option.shape.type.value,
);
export const BRIDGE_EVENT_TYPES: readonly BridgeEventType[] = bridgeTimelineEventSchema.options.map(
  (option) => option.shape.type.value,
);
