// The parts of OpenCode's events (opencode 1.18, /event) that the bridge reads, as schemas: the
// agent's output is a boundary. Each schema holds only the fields translate.ts uses, so that
// whatever else OpenCode adds or changes does not matter. Shapes: tests/unit/bridge-translate.test.ts.
import { z } from "zod";
import { TOOL_CALL_STATUSES } from "../../server/events/schemas";

/** The session an event belongs to, wherever OpenCode puts it. */
export const eventScopeSchema = z.object({
  sessionID: z.string().optional(),
  info: z.object({ sessionID: z.string().optional() }).optional().catch(undefined),
  part: z.object({ sessionID: z.string().optional() }).optional().catch(undefined),
});

/** session.updated: the session's info. */
export const sessionInfoSchema = z.object({ title: z.string() });

/** message.updated: a message's info (the prompt's own message has role "user"). */
export const messageInfoSchema = z.object({ id: z.string(), role: z.string() });

/** message.part.updated: every part has these. */
export const partSchema = z.object({ id: z.string(), type: z.string(), messageID: z.string().optional() });

export const textPartSchema = z.object({ text: z.string(), synthetic: z.boolean().optional() });

export const toolPartSchema = z.object({
  tool: z.string(),
  callID: z.string().optional(),
  state: z.object({
    status: z.enum(TOOL_CALL_STATUSES),
    title: z.string().optional(),
    input: z.json().optional(),
    output: z.string().optional(),
    error: z.string().optional(),
  }),
});

const count = z.number().nonnegative().default(0);
export const stepFinishPartSchema = z.object({
  reason: z.string().optional(),
  cost: z.number().nonnegative().default(0),
  tokens: z
    .object({
      input: count,
      output: count,
      reasoning: count,
      cache: z.object({ read: count, write: count }).prefault({}),
    })
    .prefault({}),
});

/** message.part.delta: streamed text of a part. */
export const deltaSchema = z.object({
  partID: z.string(),
  field: z.string(),
  delta: z.string(),
  messageID: z.string().optional(),
});

/** session.status: busy, idle, or retry (a model call failed and is tried again). */
export const statusSchema = z.object({
  type: z.string(),
  // Only words for a warning: a change in their shape must not hide the status itself.
  message: z.string().optional().catch(undefined),
  attempt: z.number().optional().catch(undefined),
});

/** session.error. */
export const sessionErrorSchema = z.object({
  name: z.string().optional(),
  data: z.object({ message: z.string().optional() }).optional().catch(undefined),
});
