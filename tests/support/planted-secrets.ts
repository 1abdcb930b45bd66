// Secret values planted for the no-secret-leaves walks (tests/integration/secrets/no-secret-leaves*.test.ts):
// a global secret, a repository's secret, a custom provider's key — all three printed by the
// sandbox into a session's timeline — and a Sentry automation's client secret, which is sealed.
// The administrator owns everything, so every procedure and endpoint answers them fully.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db";
import { saveCustomProvider } from "@/server/models/custom-providers";
import { storeEventBatch } from "@/server/sandboxes/bridge-service";
import { setSecrets } from "@/server/secrets/secrets";
import { administrator, asActor, createLocalRepository } from "../factories";

const hex = () => randomBytes(10).toString("hex");

export type PlantedWorld = {
  planted: { global: string; repository: string; provider: string };
  /** The values the sandbox printed (global, repository, provider). */
  values: string[];
  /** A Sentry automation's client secret: sealed, and never given back. */
  sentrySecret: string;
  suffix: string;
  globalName: string;
  providerSlug: string;
  ada: Awaited<ReturnType<typeof administrator>>;
  repositoryId: string;
  sessionId: string;
  automationId: string;
};

/** Plants the values before the file's tests; `onSession` runs once the session exists, before the sandbox prints. */
export function withPlantedSecrets(options: { onSession?: (world: PlantedWorld) => Promise<void> } = {}): PlantedWorld {
  const planted = { global: `glob-${hex()}`, repository: `repo-${hex()}`, provider: `prov-${hex()}` };
  const suffix = randomBytes(3).toString("hex").toUpperCase();
  const world = {
    planted,
    values: Object.values(planted),
    sentrySecret: `sentry-${hex()}`,
    suffix,
    globalName: `WALK_GLOBAL_${suffix}`,
    providerSlug: `walk-${suffix.toLowerCase()}`,
  } as PlantedWorld;
  const { values, globalName: GLOBAL_NAME, providerSlug } = world;
  beforeAll(async () => {
    // The administrator: every procedure answers them fully, so every answer is walked.
    const ada = await administrator();
    world.ada = ada;
    const repository = await createLocalRepository(ada.id);
    const repositoryId = repository.id;
    world.repositoryId = repositoryId;
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

    const automation = await createCaller({ user: ada }).automation.create(sentryAutomation(world));
    world.automationId = automation.id;
    const session = await createCaller({ user: ada }).session.create({
      repositoryId,
      prompt: { content: "Print the tokens" },
    });
    const sessionId = session.id;
    world.sessionId = sessionId;
    await options.onSession?.(world);

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
  });
  afterAll(async () => {
    await getDb().secret.deleteMany({ where: { key: GLOBAL_NAME } });
    await getDb().modelProvider.deleteMany({ where: { slug: providerSlug } });
  });
  return world;
}

/** A Sentry automation's fields, its client secret the planted one. */
export function sentryAutomation(world: PlantedWorld) {
  return {
    name: "Walk Sentry",
    instructions: "Investigate.",
    targets: [{ repositoryId: world.repositoryId }],
    trigger: { type: "sentry" as const, clientSecret: world.sentrySecret },
    notifyUrl: "https://hooks.example/nightshift",
  };
}

/** Fails unless `output` holds none of the planted values. */
export function assertClean(world: PlantedWorld, what: string, output: unknown): void {
  // A procedure that answers nothing has nothing to leak.
  const text = typeof output === "string" ? output : (JSON.stringify(output) ?? "");
  for (const value of [...world.values, world.sentrySecret])
    expect(text, `${what} gave out a secret value`).not.toContain(value);
}
