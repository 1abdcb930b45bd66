import { z } from "zod";

export const MAX_PROMPT_LENGTH = 64_000;
export const MAX_UNFINISHED_PROMPTS = 10;

/** A reasoning effort's name; which ones a model offers is the catalog's to say (server/models/catalog.ts). */
export const reasoningEffortSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{1,16}$/, "is not a reasoning effort (e.g. low, medium, high)");
export const messageSourceSchema = z.enum([
  "web",
  "api",
  "slack",
  "github",
  "linear",
  "webhook",
  "automation",
  "action",
  "agent",
]);

export const promptContentSchema = z
  .string()
  .max(MAX_PROMPT_LENGTH, `A prompt can be at most ${MAX_PROMPT_LENGTH.toLocaleString("en")} characters.`)
  .refine((content) => content.trim().length > 0, "Write a prompt.");

export const clientRequestIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(200, "A client request id can be at most 200 characters.");

export const sessionIdInput = z.object({ sessionId: z.string().min(1).max(64) });

export const createSessionInput = z.object({
  repositoryId: z.string().min(1).max(64),
  baseBranch: z.string().trim().min(1).max(255).optional(),
  model: z.string().trim().min(1).max(200).optional(),
  reasoningEffort: reasoningEffortSchema.optional(),
  title: z.string().trim().min(1).max(200).optional(),
  prompt: z.object({ content: promptContentSchema, clientRequestId: clientRequestIdSchema.optional() }).optional(),
  /** The session prepared while the person typed (session.prepare); ignored when it cannot become this one. */
  preparedSessionId: z.string().min(1).max(64).optional(),
});

/** Someone began typing a first prompt on the new-session page: a session and its sandbox are prepared. */
export const prepareSessionInput = createSessionInput.pick({ repositoryId: true, baseBranch: true });

export const sendPromptInput = sessionIdInput.extend({
  content: promptContentSchema,
  clientRequestId: clientRequestIdSchema.optional(),
  model: z.string().trim().min(1).max(200).optional(),
  reasoningEffort: reasoningEffortSchema.optional(),
});

export const messageIdInput = sessionIdInput.extend({ messageId: z.string().min(1).max(64) });

export const MAX_SEARCH_LENGTH = 200;

export const listSessionsInput = z.object({
  repositoryId: z.string().min(1).max(64).optional(),
  /** Only sessions the caller created or takes part in. */
  mine: z.boolean().default(false),
  /** true: only archived sessions; false: only sessions not archived. Takes precedence over includeArchived. */
  archived: z.boolean().optional(),
  /** Without `archived`: archived sessions are left out unless this is true. */
  includeArchived: z.boolean().default(false),
  /** Matches the title or the repository's name, ignoring case. */
  search: z
    .string()
    .trim()
    .max(MAX_SEARCH_LENGTH, `A search can be at most ${MAX_SEARCH_LENGTH} characters.`)
    .optional(),
  limit: z.number().int().min(1).max(100).default(50),
  /** The id of the last session of the previous page. */
  cursor: z.string().min(1).max(64).optional(),
});

/** Event sequence numbers are stored as Postgres integers; a larger one cannot name an event. */
export const MAX_EVENT_SEQ = 2_147_483_647;

export const eventsPageInput = sessionIdInput.extend({
  /** Events after this sequence number, oldest first; without it, the latest page. */
  afterSeq: z.number().int().min(0).max(MAX_EVENT_SEQ).optional(),
  /** Events before this sequence number, oldest first (paging backwards); not with afterSeq. */
  beforeSeq: z.number().int().min(1).max(MAX_EVENT_SEQ).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
