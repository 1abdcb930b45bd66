// The OpenAPI 3.1 document for /api/v1, served at /api/v1/openapi.json. Request bodies and query
// parameters are generated from the zod schemas the endpoints validate with, so they cannot drift.
import { automationPaths } from "./openapi-automations";
import { z } from "zod";
import { APP_ERROR_CODES } from "../errors";
import { repositorySettingsPatch } from "../repositories/schemas";
import { instanceSettingsPatch } from "../settings/schemas";
import { body, errors, ok, okWith, providerSlug, queryParameters, repositoryId } from "./openapi-parts";
import { authPaths, sessionPaths, sessionSchemas } from "./openapi-sessions";
import { addRepositoryBody, customProviderBody, modelsQuery, secretsBody } from "./v1-schemas";

/**
 * The same four operations for the global secrets (anyone lists them, administrators change them)
 * and for a repository's (which need write access to it).
 */
function secretPaths(prefix: "" | "/repositories/{id}") {
  const scope = prefix ? { parameters: [repositoryId] } : {};
  const whose = prefix ? "the repository's" : "the global";
  const refusals = prefix
    ? (["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"] as const)
    : (["UNAUTHENTICATED", "FORBIDDEN"] as const);
  const key = {
    name: "key",
    in: "path",
    required: true,
    schema: { type: "string" },
    description: "The secret's name, as listed",
  };
  return {
    [`${prefix}/secrets`]: {
      get: {
        summary: `Names of ${whose} secrets (never values)`,
        ...scope,
        responses: { 200: okWith("{ secrets }", "SecretList"), ...errors(...refusals) },
      },
      post: {
        summary: `Save ${whose} secrets from a .env file's text or a map of names to values, all or none`,
        ...scope,
        requestBody: body(secretsBody),
        responses: {
          200: okWith("The names added and replaced", "SecretPlan"),
          ...errors(...refusals, "VALIDATION", "UNAVAILABLE"),
        },
      },
    },
    [`${prefix}/secrets/preview`]: {
      post: {
        summary: `What saving these would add to and replace in ${whose} secrets, by name; saves nothing`,
        ...scope,
        requestBody: body(secretsBody),
        responses: {
          200: okWith("The names that would be added and replaced", "SecretPlan"),
          ...errors(...refusals, "VALIDATION"),
        },
      },
    },
    [`${prefix}/secrets/{key}`]: {
      delete: {
        summary: `Remove one of ${whose} secrets`,
        parameters: [...(prefix ? [repositoryId] : []), key],
        responses: { 200: ok("{ key }"), ...errors(...refusals, "NOT_FOUND") },
      },
    },
  };
}

const secretSchemas = {
  SecretList: {
    type: "object",
    required: ["secrets"],
    properties: {
      secrets: {
        type: "array",
        items: {
          type: "object",
          required: ["key", "scope", "updatedAt", "updatedBy"],
          properties: {
            key: { type: "string" },
            scope: { type: "string", enum: ["global", "repository"] },
            updatedAt: { type: "string", format: "date-time" },
            updatedBy: {
              oneOf: [
                { type: "null" },
                { type: "object", properties: { id: { type: "string" }, name: { type: ["string", "null"] } } },
              ],
            },
          },
        },
      },
    },
  },
  SecretPlan: {
    type: "object",
    required: ["added", "replaced"],
    properties: {
      added: { type: "array", items: { type: "string" } },
      replaced: { type: "array", items: { type: "string" } },
    },
  },
};

/** What GET and PATCH answer: every setting (null where the default applies), and who changed them last. */
function repositorySettingsSchema() {
  const settings = z.toJSONSchema(repositorySettingsPatch.required(), { io: "output", unrepresentable: "any" }) as {
    properties: Record<string, object>;
    required: string[];
  };
  const changed = {
    updatedAt: { type: ["string", "null"], format: "date-time" },
    updatedBy: {
      oneOf: [
        { type: "null" },
        { type: "object", properties: { id: { type: "string" }, name: { type: ["string", "null"] } } },
      ],
    },
  };
  const properties = { ...settings.properties, ...changed };
  return {
    type: "object",
    required: ["settings"],
    properties: { settings: { type: "object", required: Object.keys(properties), properties } },
  };
}

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Nightshift API",
      version: "1",
      description: "Sessions, prompts and their timelines, repositories, secrets and automations. See docs/api.md.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "A personal API token (npm run token, or the settings page), or on the endpoints that say so a workflow token (POST /auth/github-oidc).",
        },
      },
      schemas: {
        ...secretSchemas,
        ...sessionSchemas,
        RepositorySettings: repositorySettingsSchema(),
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: Object.keys(APP_ERROR_CODES) },
                message: { type: "string" },
                fieldErrors: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
              },
            },
          },
        },
      },
    },
    paths: {
      "/repositories": {
        get: { summary: "List repositories", responses: { 200: ok("{ repositories }"), ...errors("UNAUTHENTICATED") } },
        post: {
          summary:
            "Register a local git repository by path (refused while a GitHub App is configured, unless an administrator allowed local repositories)",
          requestBody: body(addRepositoryBody),
          responses: {
            201: ok("{ repository }"),
            ...errors("UNAUTHENTICATED", "FORBIDDEN", "VALIDATION", "CONFLICT"),
          },
        },
      },
      "/repositories/{id}/settings": {
        get: {
          summary: "A repository's settings (defaults where none are set)",
          parameters: [repositoryId],
          responses: {
            200: okWith("{ settings }", "RepositorySettings"),
            ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"),
          },
        },
        patch: {
          summary: "Change some of a repository's settings; needs write access to it",
          parameters: [repositoryId],
          requestBody: body(repositorySettingsPatch),
          responses: {
            200: okWith("{ settings }", "RepositorySettings"),
            ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION"),
          },
        },
      },
      "/repositories/{id}/images": {
        get: {
          summary:
            "A repository's prebuilt images: whether builds are on, the image new sessions start from, and the latest builds with their state, commit and setup.sh output",
          parameters: [repositoryId],
          responses: {
            200: ok("{ enabled, current, images }"),
            ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"),
          },
        },
        post: {
          summary:
            "Rebuild now: build an image of the default branch; needs write access, image builds on, and no build running",
          parameters: [repositoryId],
          responses: {
            202: ok("{ image }"),
            ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT"),
          },
        },
      },
      ...secretPaths("/repositories/{id}"),
      ...secretPaths(""),
      "/models": {
        get: {
          summary:
            "Every model: the unavailable ones with the reason, each with its reasoning efforts, and the default",
          parameters: queryParameters(modelsQuery),
          responses: {
            200: ok("{ providers, models, defaultModel, notConfiguredMessage }"),
            ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"),
          },
        },
      },
      "/model-providers": {
        get: {
          summary: "The OpenAI-compatible providers added in settings (whether each has a key, never the key)",
          responses: { 200: ok("{ providers }"), ...errors("UNAUTHENTICATED") },
        },
      },
      "/model-providers/{slug}": {
        put: {
          summary:
            "Add or change an OpenAI-compatible provider (administrators); without apiKey the saved key is kept, null clears it",
          parameters: [providerSlug],
          requestBody: body(customProviderBody),
          responses: {
            200: ok("{ provider }"),
            ...errors("UNAUTHENTICATED", "FORBIDDEN", "VALIDATION", "UNAVAILABLE"),
          },
        },
        delete: {
          summary: "Remove an OpenAI-compatible provider (administrators)",
          parameters: [providerSlug],
          responses: { 200: ok("{ slug }"), ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND") },
        },
      },
      ...sessionPaths(),
      ...automationPaths(),
      ...authPaths(),
      "/settings": {
        get: {
          summary: "Nightshift's own settings, who its administrators are, and whether you may change them",
          responses: {
            200: ok("{ settings, localRepositories, codeHost, administrators, canChange }"),
            ...errors("UNAUTHENTICATED"),
          },
        },
        patch: {
          summary: "Change Nightshift's own settings (administrators only)",
          requestBody: body(instanceSettingsPatch),
          responses: {
            200: ok("{ settings, localRepositories, codeHost, administrators, canChange }"),
            ...errors("UNAUTHENTICATED", "FORBIDDEN", "VALIDATION"),
          },
        },
      },
    },
  };
}
