// The public API's inputs: the services' own schemas, shaped for paths, bodies and query strings.
import { z } from "zod";
import { sendPromptInput } from "../sessions/schemas";

export { addLocalRepositoryInput as addRepositoryBody } from "../repositories/schemas";
export { createSessionInput as createSessionBody } from "../sessions/schemas";

export const sendPromptBody = sendPromptInput.omit({ sessionId: true });

export const listSessionsQuery = z.object({
  repositoryId: z.string().min(1).max(64).optional(),
  includeArchived: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(64).optional(),
});

export const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
