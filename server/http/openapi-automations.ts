// The OpenAPI document's automations (./openapi.ts). docs/automations.md.
import { body, errors, ok, queryParameters } from "./openapi-parts";
import { automationFiringsQuery, createAutomationBody, regenerateSecretBody, updateAutomationBody } from "./v1-schemas";

const automationId = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string" },
  description: "The automation's id",
};
const action = (summary: string, answer: string, ...codes: Parameters<typeof errors>) => ({
  post: {
    summary,
    parameters: [automationId],
    responses: { 200: ok(answer), ...errors("UNAUTHENTICATED", "NOT_FOUND", ...codes) },
  },
});

export function automationPaths() {
  return {
    "/automations": {
      get: {
        summary:
          "Your automations (administrators see everyone's), each with its status, trigger, next run and last 10 firings",
        responses: { 200: ok("{ automations }"), ...errors("UNAUTHENTICATED") },
      },
      post: {
        summary: "Create an automation; its webhook key and notification signing secret are in the answer this once",
        requestBody: body(createAutomationBody),
        responses: {
          201: ok("{ id, secrets: { webhookKey?, notifySecret? } }"),
          ...errors("UNAUTHENTICATED", "FORBIDDEN", "VALIDATION", "NOT_FOUND", "UNAVAILABLE"),
        },
      },
    },
    "/automations/{id}": {
      get: {
        summary: "One automation",
        parameters: [automationId],
        responses: { 200: ok("{ automation }"), ...errors("UNAUTHENTICATED", "NOT_FOUND") },
      },
      patch: {
        summary: "Change the fields given; a new schedule or a resume plans the next run from now",
        parameters: [automationId],
        requestBody: body(updateAutomationBody),
        responses: {
          200: ok("{ id, secrets }: secrets made by the change (a webhook trigger's new key)"),
          ...errors("UNAUTHENTICATED", "FORBIDDEN", "VALIDATION", "NOT_FOUND", "UNAVAILABLE"),
        },
      },
      delete: {
        summary: "Delete it with its history; the sessions it opened stay",
        parameters: [automationId],
        responses: { 200: ok("{ deleted: true }"), ...errors("UNAUTHENTICATED", "NOT_FOUND") },
      },
    },
    "/automations/{id}/run": {
      post: {
        summary: "Run it now, also while paused; 409 while a scheduled or manual run of it is still going",
        parameters: [automationId],
        responses: {
          202: ok("{ status: fired | skipped, firingId, runs? , reason? }"),
          ...errors("UNAUTHENTICATED", "NOT_FOUND", "CONFLICT"),
        },
      },
    },
    "/automations/{id}/pause": action("Pause it: no schedule, webhook or Sentry alert fires it", "{ automation }"),
    "/automations/{id}/resume": action(
      "Resume it: its failure count is reset and its next run planned from now",
      "{ automation }",
    ),
    "/automations/{id}/secrets": {
      post: {
        summary: "A new webhook key or notification signing secret, shown this once; the old one stops working",
        parameters: [automationId],
        requestBody: body(regenerateSecretBody),
        responses: { 200: ok("{ secrets }"), ...errors("UNAUTHENTICATED", "NOT_FOUND", "VALIDATION", "UNAVAILABLE") },
      },
    },
    "/automations/{id}/firings": {
      get: {
        summary: "Its firings, newest first, each with what triggered it and its runs' sessions",
        parameters: [automationId, ...queryParameters(automationFiringsQuery)],
        responses: { 200: ok("{ firings, nextCursor }"), ...errors("UNAUTHENTICATED", "NOT_FOUND", "VALIDATION") },
      },
    },
  };
}
