// Secret values never leave through the public API: the output of every /api/v1 endpoint holds
// none of the values tests/support/planted-secrets.ts plants. The list of endpoints is read from
// the route files, so one added later without being walked here fails this test.
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { getDb } from "@/server/db";
import { createLocalRepository } from "../../factories";
import { assertClean, sentryAutomation, withPlantedSecrets } from "../../support/planted-secrets";
import { v1Routes } from "../../support/v1-routes";

const world = withPlantedSecrets();

describe("secret values, through the public API", () => {
  it("appear in the output of no /api/v1 endpoint", async () => {
    const {
      planted,
      globalName: GLOBAL_NAME,
      providerSlug,
      suffix,
      ada,
      repositoryId,
      sessionId,
      automationId,
    } = world;
    const { token } = await createApiToken({ userId: ada.id, name: "walk" });
    const throwaway = `WALK_API_${suffix}`;
    const extra = await createLocalRepository(ada.id);
    type Call = { params?: Record<string, string>; body?: unknown; query?: string };
    const calls: Record<string, Call> = {
      "GET /api/v1/openapi.json": {},
      "GET /api/v1/models": { query: `?repositoryId=${repositoryId}` },
      "GET /api/v1/automations": {},
      "POST /api/v1/automations": { body: sentryAutomation(world) },
      "GET /api/v1/automations/{id}": { params: { id: automationId } },
      "PATCH /api/v1/automations/{id}": {
        params: { id: automationId },
        body: { trigger: { type: "sentry", clientSecret: world.sentrySecret } },
      },
      "DELETE /api/v1/automations/{id}": {
        params: { id: (await createCaller({ user: ada }).automation.create(sentryAutomation(world))).id },
      },
      "GET /api/v1/automations/{id}/firings": { params: { id: automationId } },
      "POST /api/v1/automations/{id}/run": { params: { id: automationId } },
      "POST /api/v1/automations/{id}/pause": { params: { id: automationId } },
      "POST /api/v1/automations/{id}/resume": { params: { id: automationId } },
      "POST /api/v1/automations/{id}/secrets": { params: { id: automationId }, body: { which: "notifySecret" } },
      "GET /api/v1/model-providers": {},
      "PUT /api/v1/model-providers/{slug}": {
        params: { slug: providerSlug },
        body: { label: "Walk gateway", baseUrl: "http://127.0.0.1:9/v1", models: ["walker"] },
      },
      "DELETE /api/v1/model-providers/{slug}": { params: { slug: "walk-never-added" } },
      "GET /api/v1/repositories": {},
      "POST /api/v1/repositories": { body: { path: "/nonexistent/walk" } },
      "GET /api/v1/repositories/{id}/settings": { params: { id: repositoryId } },
      "PATCH /api/v1/repositories/{id}/settings": { params: { id: repositoryId }, body: { draftPullRequests: false } },
      "GET /api/v1/repositories/{id}/images": { params: { id: repositoryId } },
      "POST /api/v1/repositories/{id}/images": { params: { id: extra.id } },
      "GET /api/v1/repositories/{id}/secrets": { params: { id: repositoryId } },
      "POST /api/v1/repositories/{id}/secrets/preview": {
        params: { id: repositoryId },
        body: { text: `WALK_TOKEN=${planted.repository}` },
      },
      "POST /api/v1/repositories/{id}/secrets": {
        params: { id: extra.id },
        body: { secrets: { [throwaway]: planted.repository } },
      },
      "DELETE /api/v1/repositories/{id}/secrets/{key}": { params: { id: extra.id, key: throwaway } },
      "GET /api/v1/secrets": {},
      "POST /api/v1/secrets/preview": { body: { text: `${GLOBAL_NAME}=${planted.global}` } },
      "POST /api/v1/secrets": { body: { text: `${throwaway}=${planted.global}` } },
      "DELETE /api/v1/secrets/{key}": { params: { key: throwaway } },
      "GET /api/v1/sessions": {},
      "GET /api/v1/settings": {},
      "PATCH /api/v1/settings": { body: { localRepositoriesWithGithub: false } },
      "POST /api/v1/sessions": { body: { repositoryId } },
      "GET /api/v1/sessions/{id}": { params: { id: sessionId } },
      "PATCH /api/v1/sessions/{id}": { params: { id: sessionId }, body: { budgetUsd: null } },
      "GET /api/v1/sessions/{id}/events": { params: { id: sessionId } },
      "POST /api/v1/sessions/{id}/prompts": { params: { id: sessionId }, body: { content: "Once more" } },
      "POST /api/v1/sessions/{id}/stop": { params: { id: sessionId } },
      // The first prompt's result: its answer is the agent's text, which printed every value.
      "GET /api/v1/sessions/{id}/prompts/{messageId}": {
        params: { id: sessionId, messageId: (await getDb().message.findFirstOrThrow({ where: { sessionId } })).id },
      },
      "POST /api/v1/auth/github-oidc": { body: { token: "not-a-jwt" } },
    };
    const routes = await v1Routes();
    expect(Object.keys(calls).sort()).toEqual(Object.keys(routes).sort());

    for (const [name, call] of Object.entries(calls)) {
      const [method] = name.split(" ");
      const req = new Request(`http://localhost/api/v1/walk${call.query ?? ""}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      });
      const response = await routes[name]!(req, { params: Promise.resolve(call.params ?? {}) });
      const text = await response.text();
      expect(response.status, `${name}: ${text.slice(0, 300)}`).toBeLessThan(500);
      assertClean(world, name, text);
    }
  });
});
