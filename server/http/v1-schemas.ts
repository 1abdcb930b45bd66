// The public API's inputs: the services' own schemas, shaped for paths, bodies and query strings.
import { z } from "zod";
import { listSessionsInput, sendPromptInput } from "../sessions/schemas";

export { addLocalRepositoryInput as addRepositoryBody } from "../repositories/schemas";
export { createSessionInput as createSessionBody } from "../sessions/schemas";

export const sendPromptBody = sendPromptInput.omit({ sessionId: true });

const queryBoolean = z.enum(["true", "false"]).transform((value) => value === "true");

/** session.list's input (listSessionsInput), as a query string. */
export const listSessionsQuery = z.object({
  repositoryId: listSessionsInput.shape.repositoryId,
  mine: queryBoolean.default(false),
  archived: queryBoolean.optional(),
  includeArchived: queryBoolean.default(false),
  search: listSessionsInput.shape.search,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: listSessionsInput.shape.cursor,
}) satisfies z.ZodType<z.output<typeof listSessionsInput>>;

export const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
