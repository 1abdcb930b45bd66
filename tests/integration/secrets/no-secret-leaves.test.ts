// Secret values never leave (tests/support/planted-secrets.ts plants them): what a subscribed
// browser receives, and the output of every tRPC procedure, holds none of them. The list of
// procedures is read from the router, so one added later without being walked here fails this
// test. The /api/v1 endpoints are walked in ./no-secret-leaves-v1.test.ts.
import PusherClient from "pusher-js";
import { afterAll, describe, expect, it } from "vitest";
import { appRouter, createCaller } from "@/server/api/root";
import { sessionChannel, TIMELINE_EVENT, type TimelineMessage } from "@/server/realtime/channels";
import { embeddedPusherEnv, startPusherServer } from "@/server/realtime/local/pusher-server";
import { createGitRepository, createLocalRepository } from "../../factories";
import { assertClean, sentryAutomation, withPlantedSecrets } from "../../support/planted-secrets";
import { connectBrowser, subscribe } from "../../support/realtime-browser";

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

let browserClient: PusherClient | undefined;
const received: unknown[] = [];
// A signed-in person's browser, subscribed to the session's timeline before the sandbox prints.
const world = withPlantedSecrets({
  onSession: async ({ ada, sessionId }) => {
    browserClient = await connectBrowser(ada);
    const channel = await subscribe(browserClient, sessionChannel(sessionId));
    channel.bind(TIMELINE_EVENT, (message: TimelineMessage) => received.push(...message.events));
  },
});

afterAll(async () => {
  browserClient?.disconnect();
  await pusher.stop();
});

describe("secret values", () => {
  it("reach the browser only as [secret:NAME]", async () => {
    for (const started = Date.now(); received.length < 3 && Date.now() - started < 10_000;)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const { globalName: GLOBAL_NAME } = world;
    const text = JSON.stringify(received);
    expect(text).toContain("VAR1=[secret:WALK_TOKEN]");
    expect(text).toContain(`VAR0=[secret:${GLOBAL_NAME}]`);
    expect(text).toContain("VAR2=[secret:NIGHTSHIFT_PROVIDER_");
    assertClean(world, "the realtime channel", received);
  });

  it("appear in the output of no tRPC procedure", async () => {
    const { planted, providerSlug, suffix, ada, repositoryId, sessionId, automationId } = world;
    const caller = createCaller({ user: ada });
    const extra = await createLocalRepository(ada.id);
    const throwaway = `WALK_THROWAWAY_${suffix}`;
    const calls: Record<string, () => Promise<unknown>> = {
      "apiToken.list": () => caller.apiToken.list(),
      "apiToken.create": () => caller.apiToken.create({ name: "walk" }),
      "apiToken.revoke": async () => caller.apiToken.revoke({ id: (await caller.apiToken.list())[0]!.id }),
      "automation.list": () => caller.automation.list(),
      "automation.create": () => caller.automation.create(sentryAutomation(world)),
      "automation.get": () => caller.automation.get({ automationId }),
      "automation.firings": () => caller.automation.firings({ automationId }),
      "automation.update": () =>
        caller.automation.update({ automationId, changes: { trigger: { type: "sentry", levels: ["error"] } } }),
      "automation.setEnabled": () => caller.automation.setEnabled({ automationId, enabled: true }),
      "automation.runNow": () => caller.automation.runNow({ automationId }),
      "automation.regenerateSecret": () => caller.automation.regenerateSecret({ automationId, which: "notifySecret" }),
      "automation.delete": async () =>
        caller.automation.delete({ automationId: (await caller.automation.create(sentryAutomation(world))).id }),
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
      "slack.routing": () => caller.slack.routing(),
      "slack.addRule": () => caller.slack.addRule({ keyword: "leaks", repositoryId }),
      "slack.removeRule": async () => {
        const { rules } = await caller.slack.routing();
        return caller.slack.removeRule({ id: rules.find((rule) => rule.keyword === "leaks")?.id ?? "none" });
      },
      "slack.setChannelDefault": () => caller.slack.setChannelDefault({ channel: "C0LEAKS01", repositoryId }),
      "slack.removeChannelDefault": () => caller.slack.removeChannelDefault({ channel: "C0LEAKS01" }),
      "linear.settings": () => caller.linear.settings(),
      "linear.addMapping": () => caller.linear.addMapping({ kind: "team", linearId: "leaks", repositoryId }),
      "linear.removeMapping": async () => {
        const { mappings } = await caller.linear.settings();
        return caller.linear.removeMapping({
          id: mappings.find((mapping) => mapping.linearId === "leaks")?.id ?? "none",
        });
      },
    };
    expect(Object.keys(calls).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());

    for (const [name, call] of Object.entries(calls)) {
      // A refusal is output too: its message must not hold a value either.
      const output = await call().catch((error: unknown) => ({
        refused: error instanceof Error ? error.message : String(error),
      }));
      assertClean(world, name, output);
    }
    // The walk saw the redacted timeline, not nothing.
    expect(JSON.stringify(await caller.session.events({ sessionId }))).toContain("[secret:WALK_TOKEN]");
  });
});
