// The public API's inputs: the services' own schemas, shaped for paths, bodies and query strings.
import { z } from "zod";
import { automationFields } from "../automations/schemas";
import { customProviderInput } from "../models/custom-providers";
import { pastedSecretsText, type SecretsSource, secretMap } from "../secrets/schemas";
import { createSessionInput, listSessionsInput, MAX_EVENT_SEQ, sendPromptInput } from "../sessions/schemas";
import { workflowRunReport } from "../sessions/workflow-prompt";
import { setSessionBudgetInput } from "../sessions/session-budget";

export { addLocalRepositoryInput as addRepositoryBody } from "../repositories/schemas";

/** session.create's input, and the workflow run a first prompt comes from (GitHub Actions). */
export const createSessionBody = createSessionInput.extend({ workflowRun: workflowRunReport.optional() });
export const sendPromptBody = sendPromptInput.omit({ sessionId: true }).extend({
  workflowRun: workflowRunReport.optional(),
});
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

/** The longest a request for events waits for one (a platform's request time limit is longer). */
export const MAX_EVENTS_WAIT_SECONDS = 25;

export const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).max(MAX_EVENT_SEQ).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  wait: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_EVENTS_WAIT_SECONDS)
    .default(0)
    .describe(
      `Long polling: when nothing is after \`after\`, wait up to this many seconds (at most ${MAX_EVENTS_WAIT_SECONDS}) for the next event`,
    ),
});

/** POST /api/v1/auth/github-oidc: a workflow's OIDC token, for a workflow token. */
export const githubOidcExchangeBody = z.object({
  token: z
    .string()
    .min(1, "Send the workflow's OIDC token (core.getIDToken) as token.")
    .max(10_000)
    .describe("The OIDC token the runner gave the workflow, asked for with Nightshift's URL as the audience"),
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

export { createAutomationInput as createAutomationBody } from "../automations/schemas";
export const updateAutomationBody = automationFields.partial();
export const automationFiringsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(64).optional(),
});
export const regenerateSecretBody = z.object({ which: z.enum(["webhookKey", "notifySecret"]) });
