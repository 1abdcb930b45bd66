// Secret values never leave: with a global secret, a repository's secret and a custom provider's
// key planted — and the sandbox having printed all three into the timeline — the output of every
// tRPC procedure and every /api/v1 endpoint, and what a subscribed browser receives, holds none of
// them. The lists of procedures and endpoints are read from the router and the route files, so
// one added later without being walked here fails this test.
import { randomBytes } from "node:crypto";
import PusherClient, { type Channel } from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createCaller } from "@/server/api/root";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { getDb } from "@/server/db";
import { saveCustomProvider } from "@/server/models/custom-providers";
import { sessionChannel, TIMELINE_EVENT, type TimelineMessage } from "@/server/realtime/channels";
import { embeddedPusherEnv, startPusherServer } from "@/server/realtime/local/pusher-server";
import { storeEventBatch } from "@/server/sandboxes/bridge-service";
import { setSecrets } from "@/server/secrets/secrets";
import { administrator, asActor, createGitRepository, createLocalRepository } from "../../factories";
import { connectBrowser, subscribe } from "../../support/realtime-browser";
import { v1Routes } from "../../support/v1-routes";

const hex = () => randomBytes(10).toString("hex");
const planted = { global: `glob-${hex()}`, repository: `repo-${hex()}`, provider: `prov-${hex()}` };
const values = Object.values(planted);
const suffix = randomBytes(3).toString("hex").toUpperCase();
const GLOBAL_NAME = `WALK_GLOBAL_${suffix}`;
const providerSlug = `walk-${suffix.toLowerCase()}`;

const pusher = await startPusherServer({
  appId: "nightshift",
  key: "walk-key",
  secret: "walk-secret-walk-secret",
  port: 0,
});
Object.assign(
  process.env,
  embeddedPusherEnv({ appId: "nightshift", key: "walk-key", secret: "walk-secret-walk-secret" }, pusher.port),
);

type Ada = Awaited<ReturnType<typeof administrator>>;
let ada: Ada;
let repositoryId: string;
let sessionId: string;
let browserClient: PusherClient;
const received: unknown[] = [];

function assertClean(what: string, output: unknown): void {
  // A procedure that answers nothing has nothing to leak.
  const text = typeof output === "string" ? output : (JSON.stringify(output) ?? "");
  for (const value of values) expect(text, `${what} gave out a secret value`).not.toContain(value);
}

/** A signed-in person's browser subscribed to the session's timeline. */
async function subscribeBrowser(user: Ada, session: string): Promise<Channel> {
  browserClient = await connectBrowser(user);
  return subscribe(browserClient, sessionChannel(session));
}

beforeAll(async () => {
  // The administrator: every procedure answers them fully, so every answer is walked.
  ada = await administrator();
  const repository = await createLocalRepository(ada.id);
  repositoryId = repository.id;
  await setSecrets({
    ref: { scope: "global" },
    changes: [{ key: GLOBAL_NAME, value: planted.global }],
    actorId: ada.id,
  });
  await setSecrets({
    ref: { scope: "repository", repositoryId },
    changes: [{ key: "WALK_TOKEN", value: planted.repository }],
    actorId: ada.id,
  });
  await saveCustomProvider({
    provider: {
      slug: providerSlug,
      label: "Walk gateway",
      baseUrl: "http://127.0.0.1:9/v1",
      apiKey: planted.provider,
      models: ["walker"],
    },
    actor: asActor(ada),
  });

  const session = await createCaller({ user: ada }).session.create({
    repositoryId,
    prompt: { content: "Print the tokens" },
  });
  sessionId = session.id;
  const channel = await subscribeBrowser(ada, sessionId);
  channel.bind(TIMELINE_EVENT, (message: TimelineMessage) => received.push(...message.events));

  // The sandbox printed every value: in a command's output, in the agent's text and in a warning.
  const sandbox = await getDb().sandbox.create({
    data: {
      sessionId,
      provider: "local",
      status: "ready",
      bootMode: "fresh",
      tokenHash: `walk-${sessionId}`,
      lastHeartbeatAt: new Date(),
    },
  });
  await storeEventBatch(
    { id: sandbox.id, sessionId },
    {
      batch: 1,
      events: [
        {
          type: "tool_call",
          data: {
            tool: "bash",
            callId: "c1",
            status: "completed",
            input: { command: "env" },
            output: values.map((value, index) => `VAR${index}=${value}`).join("\n"),
          },
        },
        {
          type: "token",
          data: { partId: "p1", text: `The tokens are ${values.join(", ")}.` },
          // The first prompt's, so that its result's answer is this text.
          messageId: (await getDb().message.findFirstOrThrow({ where: { sessionId } })).id,
        },
        { type: "warning", data: { message: `saw ${planted.repository}` } },
      ],
    },
  );
  for (const started = Date.now(); received.length < 3 && Date.now() - started < 10_000;)
    await new Promise((resolve) => setTimeout(resolve, 50));
});

afterAll(async () => {
  browserClient?.disconnect();
  await pusher.stop();
  await getDb().secret.deleteMany({ where: { key: GLOBAL_NAME } });
  await getDb().modelProvider.deleteMany({ where: { slug: providerSlug } });
});

describe("secret values", () => {
  it("reach the browser only as [secret:NAME]", () => {
    const text = JSON.stringify(received);
    expect(text).toContain("VAR1=[secret:WALK_TOKEN]");
    expect(text).toContain(`VAR0=[secret:${GLOBAL_NAME}]`);
    expect(text).toContain("VAR2=[secret:NIGHTSHIFT_PROVIDER_");
    assertClean("the realtime channel", received);
  });

  it("appear in the output of no tRPC procedure", async () => {
    const caller = createCaller({ user: ada });
    const extra = await createLocalRepository(ada.id);
    const throwaway = `WALK_THROWAWAY_${suffix}`;
    const calls: Record<string, () => Promise<unknown>> = {
      "apiToken.list": () => caller.apiToken.list(),
      "apiToken.create": () => caller.apiToken.create({ name: "walk" }),
      "apiToken.revoke": async () => caller.apiToken.revoke({ id: (await caller.apiToken.list())[0]!.id }),
      "health.get": () => caller.health.get(),
      "model.list": () => caller.model.list({ repositoryId }),
      "model.customProviders": () => caller.model.customProviders(),
      "model.saveCustomProvider": () =>
        caller.model.saveCustomProvider({
          slug: providerSlug,
          label: "Walk gateway",
          baseUrl: "http://127.0.0.1:9/v1",
          models: ["walker", "runner"],
        }),
      "model.removeCustomProvider": () => caller.model.removeCustomProvider({ slug: "walk-never-added" }),
      "realtime.config": () => caller.realtime.config(),
      "secret.list": async () => [await caller.secret.list({}), await caller.secret.list({ repositoryId })],
      "secret.preview": () =>
        caller.secret.preview({
          repositoryId,
          text: `WALK_TOKEN=${planted.repository}\n${throwaway}=${planted.global}`,
        }),
      "secret.save": () => caller.secret.save({ repositoryId, text: `${throwaway}=${planted.global}` }),
      "secret.remove": () => caller.secret.remove({ repositoryId, key: throwaway }),
      "repository.list": () => caller.repository.list(),
      "repository.addLocal": async () => caller.repository.addLocal({ path: await createGitRepository() }),
      "repository.branches": () => caller.repository.branches({ id: repositoryId }),
      "repository.settings": () => caller.repository.settings({ id: repositoryId }),
      "repository.updateSettings": () =>
        caller.repository.updateSettings({ id: repositoryId, settings: { draftPullRequests: true } }),
      "repository.images": () => caller.repository.images({ id: repositoryId }),
      "repository.rebuildImage": () => caller.repository.rebuildImage({ id: repositoryId }),
      "repository.remove": () => caller.repository.remove({ id: extra.id }),
      "session.create": () => caller.session.create({ repositoryId }),
      "session.list": () => caller.session.list({}),
      "session.get": () => caller.session.get({ sessionId }),
      "session.events": () => caller.session.events({ sessionId }),
      "session.prompt": () => caller.session.prompt({ sessionId, content: "Again" }),
      "session.cancelPrompt": async () => {
        const { messages } = await caller.session.get({ sessionId });
        return caller.session.cancelPrompt({ sessionId, messageId: messages.at(-1)!.id });
      },
      "session.stop": () => caller.session.stop({ sessionId }),
      "session.archive": () => caller.session.archive({ sessionId }),
      "session.restore": () => caller.session.restore({ sessionId }),
      "session.join": () => caller.session.join({ sessionId }),
      "session.diff": () => caller.session.diff({ sessionId }),
      "session.presence": () => caller.session.presence({ sessionId, state: "active" }),
      "session.warm": () => caller.session.warm({ sessionId }),
      "session.prepare": () => caller.session.prepare({ repositoryId }),
      "session.setBudget": () => caller.session.setBudget({ sessionId, budgetUsd: 5 }),
      "settings.get": () => caller.settings.get(),
      "settings.update": () => caller.settings.update({ localRepositoriesWithGithub: false }),
    };
    expect(Object.keys(calls).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());

    for (const [name, call] of Object.entries(calls)) {
      // A refusal is output too: its message must not hold a value either.
      const output = await call().catch((error: unknown) => ({
        refused: error instanceof Error ? error.message : String(error),
      }));
      assertClean(name, output);
    }
    // The walk saw the redacted timeline, not nothing.
    expect(JSON.stringify(await caller.session.events({ sessionId }))).toContain("[secret:WALK_TOKEN]");
  });

  it("appear in the output of no /api/v1 endpoint", async () => {
    const { token } = await createApiToken({ userId: ada.id, name: "walk" });
    const throwaway = `WALK_API_${suffix}`;
    const extra = await createLocalRepository(ada.id);
    type Call = { params?: Record<string, string>; body?: unknown; query?: string };
    const calls: Record<string, Call> = {
      "GET /api/v1/openapi.json": {},
      "GET /api/v1/models": { query: `?repositoryId=${repositoryId}` },
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
      assertClean(name, text);
    }
  });
});
