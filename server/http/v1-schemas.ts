// The public API's inputs: the services' own schemas, shaped for paths, bodies and query strings.
import { z } from "zod";
import { customProviderInput } from "../models/custom-providers";
import { pastedSecretsText, type SecretsSource, secretMap } from "../secrets/schemas";
import { listSessionsInput, MAX_EVENT_SEQ, sendPromptInput } from "../sessions/schemas";
import { setSessionBudgetInput } from "../sessions/session-budget";

export { addLocalRepositoryInput as addRepositoryBody } from "../repositories/schemas";
export { createSessionInput as createSessionBody } from "../sessions/schemas";

export const sendPromptBody = sendPromptInput.omit({ sessionId: true });
export const sessionBudgetBody = setSessionBudgetInput.omit({ sessionId: true });

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
  after: z.coerce.number().int().min(0).max(MAX_EVENT_SEQ).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** secret.preview's and secret.save's pasted text, or a map of names to values: one of the two. */
export const secretsBody = z
  .object({
    text: pastedSecretsText.optional().describe("A .env file's contents"),
    secrets: secretMap.optional().describe("Names to values"),
  })
  .describe("Exactly one of text and secrets.")
  .refine((body) => (body.text === undefined) !== (body.secrets === undefined), {
    message: "Send either text (a .env file) or secrets (a map of names to values), not both.",
    path: ["text"],
  })
  .transform((body): SecretsSource => (body.secrets ? { secrets: body.secrets } : { text: body.text ?? "" }));

/** GET /api/v1/models: with a repository, provider keys set as its secrets count. */
export const modelsQuery = z.object({
  repositoryId: z.string().min(1).max(64).optional().describe("Count provider keys set as this repository's secrets"),
});

/** PUT /api/v1/model-providers/{slug}: the provider; its id is in the path. */
export const customProviderBody = customProviderInput.omit({ slug: true });
