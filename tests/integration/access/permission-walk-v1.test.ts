// Who may do what, walked through every /api/v1 endpoint as ./permission-walk.test.ts walks the
// tRPC procedures. The list of endpoints is read from the route files, so one added later fails
// this test until its expectations are written here.
import { describe, expect, it } from "vitest";
import type { AppErrorCode } from "@/server/errors";
import { createGitRepository } from "../../factories";
import {
  ADMIN,
  endBuilds,
  endFirings,
  everyone,
  OWNER,
  type Person,
  READ,
  REASONS,
  type Walk,
  walk,
  withWalkWorld,
  WRITE,
  writersAutomation,
} from "../../support/permission-walk";
import { v1Routes } from "../../support/v1-routes";

const world = withWalkWorld();

function v1Walk(routes: Awaited<ReturnType<typeof v1Routes>>): Walk {
  const { key, repositoryId, sessionId, waitingPromptId, automationId } = world;
  const slug = `walk-api-${key}`;
  const secretName = `WALK_API_${key.toUpperCase()}`;
  const request =
    (route: string, options: { params?: Record<string, string>; body?: unknown; query?: string } = {}) =>
    async (person: Person) => {
      const [method] = route.split(" ");
      const req = new Request(`http://localhost/api/v1/walk${options.query ?? ""}`, {
        method,
        headers: { authorization: `Bearer ${person.token}`, "content-type": "application/json" },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const response = await routes[route]!(req, { params: Promise.resolve(options.params ?? {}) });
      const json = (await response.json()) as { error?: { code: AppErrorCode; message: string } };
      if (response.status >= 400)
        throw Object.assign(new Error(json.error?.message), { status: response.status, json });
      return json;
    };
  const repo = { id: repositoryId };
  const auto = { id: automationId };
  return {
    "GET /api/v1/openapi.json": { expect: everyone("ok"), call: request("GET /api/v1/openapi.json") },
    "GET /api/v1/automations": { expect: everyone("ok"), call: request("GET /api/v1/automations") },
    "POST /api/v1/automations": {
      expect: WRITE,
      call: request("POST /api/v1/automations", {
        body: { name: "Walked", instructions: "Walk.", targets: [{ repositoryId }], trigger: { type: "webhook" } },
      }),
    },
    "GET /api/v1/automations/{id}": { expect: OWNER, call: request("GET /api/v1/automations/{id}", { params: auto }) },
    "PATCH /api/v1/automations/{id}": {
      expect: OWNER,
      call: request("PATCH /api/v1/automations/{id}", { params: auto, body: { name: "Walked again" } }),
    },
    "DELETE /api/v1/automations/{id}": {
      expect: OWNER,
      call: async (person) =>
        request("DELETE /api/v1/automations/{id}", { params: { id: await writersAutomation(world) } })(person),
    },
    "GET /api/v1/automations/{id}/firings": {
      expect: OWNER,
      call: request("GET /api/v1/automations/{id}/firings", { params: auto }),
    },
    "POST /api/v1/automations/{id}/run": {
      expect: OWNER,
      call: async (person) =>
        request("POST /api/v1/automations/{id}/run", { params: auto })(person).finally(() => endFirings(world)),
    },
    "POST /api/v1/automations/{id}/pause": {
      expect: OWNER,
      call: request("POST /api/v1/automations/{id}/pause", { params: auto }),
    },
    "POST /api/v1/automations/{id}/resume": {
      expect: OWNER,
      call: request("POST /api/v1/automations/{id}/resume", { params: auto }),
    },
    "POST /api/v1/automations/{id}/secrets": {
      expect: OWNER,
      call: request("POST /api/v1/automations/{id}/secrets", { params: auto, body: { which: "webhookKey" } }),
    },
    "GET /api/v1/models": {
      expect: READ,
      call: request("GET /api/v1/models", { query: `?repositoryId=${repositoryId}` }),
    },
    "GET /api/v1/model-providers": { expect: everyone("ok"), call: request("GET /api/v1/model-providers") },
    "PUT /api/v1/model-providers/{slug}": {
      expect: ADMIN,
      call: request("PUT /api/v1/model-providers/{slug}", {
        params: { slug },
        body: { label: "Walk", baseUrl: "https://gw.example/v1", models: ["m"] },
      }),
    },
    "DELETE /api/v1/model-providers/{slug}": {
      expect: ADMIN,
      call: request("DELETE /api/v1/model-providers/{slug}", { params: { slug } }),
    },
    "GET /api/v1/repositories": { expect: everyone("ok"), call: request("GET /api/v1/repositories") },
    "POST /api/v1/repositories": {
      expect: everyone("FORBIDDEN"),
      call: async (person) =>
        request("POST /api/v1/repositories", { body: { path: await createGitRepository() } })(person),
    },
    "GET /api/v1/repositories/{id}/settings": {
      expect: READ,
      call: request("GET /api/v1/repositories/{id}/settings", { params: repo }),
    },
    "PATCH /api/v1/repositories/{id}/settings": {
      expect: WRITE,
      call: request("PATCH /api/v1/repositories/{id}/settings", { params: repo, body: { draftPullRequests: false } }),
    },
    "GET /api/v1/repositories/{id}/images": {
      expect: READ,
      call: request("GET /api/v1/repositories/{id}/images", { params: repo }),
    },
    "POST /api/v1/repositories/{id}/images": {
      expect: WRITE,
      call: async (person) =>
        request("POST /api/v1/repositories/{id}/images", { params: repo })(person).finally(() => endBuilds(world)),
    },
    "GET /api/v1/repositories/{id}/secrets": {
      expect: WRITE,
      call: request("GET /api/v1/repositories/{id}/secrets", { params: repo }),
    },
    "POST /api/v1/repositories/{id}/secrets/preview": {
      expect: WRITE,
      call: request("POST /api/v1/repositories/{id}/secrets/preview", {
        params: repo,
        body: { text: `${secretName}=v` },
      }),
    },
    "POST /api/v1/repositories/{id}/secrets": {
      expect: WRITE,
      call: request("POST /api/v1/repositories/{id}/secrets", {
        params: repo,
        body: { secrets: { [secretName]: "v" } },
      }),
    },
    "DELETE /api/v1/repositories/{id}/secrets/{key}": {
      expect: WRITE,
      call: request("DELETE /api/v1/repositories/{id}/secrets/{key}", { params: { ...repo, key: secretName } }),
    },
    "GET /api/v1/secrets": { expect: everyone("ok"), call: request("GET /api/v1/secrets") },
    "POST /api/v1/secrets/preview": {
      expect: ADMIN,
      call: request("POST /api/v1/secrets/preview", { body: { text: `${secretName}=v` } }),
    },
    "POST /api/v1/secrets": {
      expect: ADMIN,
      call: request("POST /api/v1/secrets", { body: { text: `${secretName}=v` } }),
    },
    "DELETE /api/v1/secrets/{key}": {
      expect: ADMIN,
      call: request("DELETE /api/v1/secrets/{key}", { params: { key: secretName } }),
    },
    "GET /api/v1/sessions": { expect: everyone("ok"), call: request("GET /api/v1/sessions") },
    "POST /api/v1/sessions": { expect: READ, call: request("POST /api/v1/sessions", { body: { repositoryId } }) },
    "GET /api/v1/sessions/{id}": {
      expect: READ,
      call: request("GET /api/v1/sessions/{id}", { params: { id: sessionId } }),
    },
    "PATCH /api/v1/sessions/{id}": {
      expect: WRITE,
      call: request("PATCH /api/v1/sessions/{id}", { params: { id: sessionId }, body: { budgetUsd: null } }),
    },
    "GET /api/v1/sessions/{id}/events": {
      expect: READ,
      call: request("GET /api/v1/sessions/{id}/events", { params: { id: sessionId } }),
    },
    "POST /api/v1/sessions/{id}/prompts": {
      expect: WRITE,
      call: request("POST /api/v1/sessions/{id}/prompts", { params: { id: sessionId }, body: { content: "Again" } }),
    },
    "GET /api/v1/sessions/{id}/prompts/{messageId}": {
      expect: READ,
      call: request("GET /api/v1/sessions/{id}/prompts/{messageId}", {
        params: { id: sessionId, messageId: waitingPromptId },
      }),
    },
    // The OIDC token is the credential: a personal token, anyone's, does not stand in for it.
    "POST /api/v1/auth/github-oidc": {
      expect: everyone("UNAUTHENTICATED"),
      call: request("POST /api/v1/auth/github-oidc", { body: { token: "not-a-jwt" } }),
    },
    "POST /api/v1/sessions/{id}/stop": {
      expect: { ...WRITE, writer: "PRECONDITION_FAILED" },
      call: request("POST /api/v1/sessions/{id}/stop", { params: { id: sessionId } }),
    },
    "GET /api/v1/settings": { expect: everyone("ok"), call: request("GET /api/v1/settings") },
    "PATCH /api/v1/settings": {
      expect: ADMIN,
      call: request("PATCH /api/v1/settings", { body: { localRepositoriesWithGithub: false } }),
    },
  };
}

describe("who may do what, through the public API", () => {
  it("answers every /api/v1 endpoint the same way", { timeout: 120_000 }, async () => {
    const routes = await v1Routes();
    const walked = v1Walk(routes);
    expect(Object.keys(walked).sort()).toEqual(Object.keys(routes).sort());

    const got = await walk(world, walked, async (what, call) => {
      const error = await call().then(
        () => null,
        (reason: unknown) => reason as { status: number; json: { error: { code: AppErrorCode; message: string } } },
      );
      if (!error) return "ok";
      if (error.json.error.code === "FORBIDDEN") {
        expect(
          REASONS.some(([reason]) => reason.test(error.json.error.message)),
          `${what}: ${error.json.error.message}`,
        ).toBe(true);
      }
      return error.json.error.code;
    });
    expect(got).toEqual(Object.fromEntries(Object.entries(walked).map(([name, step]) => [name, step.expect])));
  });
});
