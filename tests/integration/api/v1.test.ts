// The public API through its route handlers, with real tokens, real git and Postgres.
import { beforeAll, describe, expect, it } from "vitest";
import * as settingsRoute from "@/app/api/v1/repositories/[id]/settings/route";
import * as repositoriesRoute from "@/app/api/v1/repositories/route";
import * as sessionEventsRoute from "@/app/api/v1/sessions/[id]/events/route";
import * as promptsRoute from "@/app/api/v1/sessions/[id]/prompts/route";
import * as sessionRoute from "@/app/api/v1/sessions/[id]/route";
import * as stopRoute from "@/app/api/v1/sessions/[id]/stop/route";
import * as sessionsRoute from "@/app/api/v1/sessions/route";
import * as openApiRoute from "@/app/api/v1/openapi.json/route";
import { createApiToken, revokeApiToken } from "@/server/api-tokens/api-tokens";
import { createGitRepository, createUser, randomKey, asActor } from "../../factories";
import { callRoute, type RouteCall, type RouteHandler } from "../../support/call-route";
import { v1Routes } from "../../support/v1-routes";

let token: string;
let userId: string;

beforeAll(async () => {
  const user = await createUser({ name: "Ada" });
  userId = user.id;
  token = (await createApiToken({ userId, name: "tests" })).token;
});

type CallOptions<Params> = Omit<RouteCall<Params>, "token" | "authorization"> & {
  /** An Authorization header of the test's own; null sends none. Default: Ada's token. */
  auth?: string | null;
};

function call<Params>(handler: RouteHandler<Params>, { auth, ...options }: CallOptions<Params> = {}) {
  return callRoute(handler, { ...options, token: auth === null ? null : token, authorization: auth ?? undefined });
}

async function openSession(): Promise<string> {
  const repository = await call(repositoriesRoute.POST, { body: { path: await createGitRepository() } });
  const created = await call(sessionsRoute.POST, {
    body: { repositoryId: (repository.json.repository as { id: string }).id },
  });
  return (created.json.session as { id: string }).id;
}

describe("the public API", () => {
  it("refuses a missing, unknown or revoked token with 401 and no data", async () => {
    const revoked = await createApiToken({ userId, name: "old" });
    await revokeApiToken({ userId, id: revoked.apiToken.id });

    for (const auth of [null, "Bearer nst_unknown", `Bearer ${revoked.token}`, `Basic ${token}`]) {
      const { status, json } = await call(repositoriesRoute.GET, { auth });
      expect(status).toBe(401);
      expect(json).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
    }
  });

  it("runs the session flow: register a repository, open a session with a prompt, prompt again, read it back", async () => {
    const path = await createGitRepository({ name: "engine", branch: "trunk" });
    const registered = await call(repositoriesRoute.POST, { body: { path } });
    expect(registered).toMatchObject({ status: 201, json: { repository: { name: "engine", defaultBranch: "trunk" } } });
    const repositoryId = (registered.json.repository as { id: string }).id;

    const created = await call(sessionsRoute.POST, {
      body: { repositoryId, prompt: { content: "Add a README", clientRequestId: "first" } },
    });
    expect(created).toMatchObject({
      status: 201,
      json: { session: { status: "active", baseBranch: "trunk", model: "custom/fake-coder" } },
    });
    const id = (created.json.session as { id: string }).id;

    const prompted = await call(promptsRoute.POST, {
      params: { id },
      body: { content: "Then add tests", clientRequestId: "second" },
    });
    const retried = await call(promptsRoute.POST, {
      params: { id },
      body: { content: "Then add tests", clientRequestId: "second" },
    });
    expect(prompted).toMatchObject({
      status: 201,
      json: { isDuplicate: false, message: { status: "pending", source: "api" } },
    });
    expect(retried).toMatchObject({ status: 200, json: { isDuplicate: true } });

    const session = await call(sessionRoute.GET, { params: { id } });
    expect(session.status).toBe(200);
    expect((session.json.messages as Array<{ content: string }>).map((message) => message.content)).toEqual([
      "Add a README",
      "Then add tests",
    ]);
    expect(session.json).toMatchObject({ session: { id, branch: `nightshift/${id}` }, lastSeq: 0, artifacts: [] });
    expect(await call(sessionEventsRoute.GET, { params: { id }, query: "?after=0&limit=10" })).toMatchObject({
      status: 200,
      json: { events: [], lastSeq: 0 },
    });
    expect((await call(sessionsRoute.GET, { query: `?repositoryId=${repositoryId}` })).json).toMatchObject({
      sessions: [{ id }],
      nextCursor: null,
    });
  });

  it("gives each refusal its own code: unknown session, oversized prompt, full queue, nothing to stop, bad JSON", async () => {
    const id = await openSession();

    expect(await call(promptsRoute.POST, { params: { id: "missing" }, body: { content: "hi" } })).toMatchObject({
      status: 404,
      json: { error: { code: "NOT_FOUND" } },
    });
    const oversized = await call(promptsRoute.POST, { params: { id }, body: { content: "x".repeat(64_001) } });
    expect(oversized).toMatchObject({
      status: 400,
      json: { error: { code: "VALIDATION", fieldErrors: { content: ["A prompt can be at most 64,000 characters."] } } },
    });
    for (let index = 0; index < 10; index++)
      await call(promptsRoute.POST, { params: { id }, body: { content: `p${index}` } });
    expect(await call(promptsRoute.POST, { params: { id }, body: { content: "one more" } })).toMatchObject({
      status: 429,
      json: { error: { code: "LIMIT_EXCEEDED" } },
    });
    expect(await call(stopRoute.POST, { params: { id }, method: "POST" })).toMatchObject({
      status: 412,
      json: { error: { code: "PRECONDITION_FAILED", message: "Nothing is running in this session." } },
    });
    expect(await call(promptsRoute.POST, { params: { id }, body: "{not json" })).toMatchObject({
      status: 400,
      json: { error: { code: "VALIDATION", message: "The request body is not valid JSON." } },
    });
    expect(await call(sessionEventsRoute.GET, { params: { id }, query: "?after=-1" })).toMatchObject({
      status: 400,
      json: { error: { code: "VALIDATION" } },
    });
  });

  it("refuses a NUL character, which Postgres cannot store, with 400 rather than failing", async () => {
    const id = await openSession();
    const nul = { status: 400, json: { error: { code: "VALIDATION", message: expect.stringContaining("NUL") } } };
    expect(await call(sessionRoute.GET, { params: { id: "a\u0000b" } })).toMatchObject(nul);
    expect(await call(promptsRoute.POST, { params: { id }, body: { content: "before\u0000after" } })).toMatchObject(
      nul,
    );
  });

  it("refuses an event sequence number past Postgres's integers with 400 on its field", async () => {
    const id = await openSession();
    expect(await call(sessionEventsRoute.GET, { params: { id }, query: "?after=2147483648" })).toMatchObject({
      status: 400,
      json: { error: { code: "VALIDATION", fieldErrors: { after: [expect.any(String)] } } },
    });
    expect(await call(sessionEventsRoute.GET, { params: { id }, query: "?after=2147483647" })).toMatchObject({
      status: 200,
    });
  });

  it("filters the list as session.list does: mine, archived or not, and a search", async () => {
    const name = `mill-${randomKey()}`;
    const registered = await call(repositoriesRoute.POST, { body: { path: await createGitRepository({ name }) } });
    const repositoryId = (registered.json.repository as { id: string }).id;
    expect((await call(sessionsRoute.POST, { body: { repositoryId, title: "Mine" } })).status).toBe(201);
    const { createSession } = await import("@/server/sessions/create-session");
    await createSession({ repositoryId, actor: asActor(await createUser()), title: "Someone else's" });
    const listed = async (query: string) =>
      ((await call(sessionsRoute.GET, { query })).json.sessions as Array<{ title: string }>).map(
        (session) => session.title,
      );

    expect(await listed(`?search=${name.toUpperCase()}`)).toEqual(["Someone else's", "Mine"]);
    expect(await listed(`?search=${name}&mine=true`)).toEqual(["Mine"]);
    expect(await listed(`?search=${name}&archived=true`)).toEqual([]);
    expect(await call(sessionsRoute.GET, { query: "?mine=yes" })).toMatchObject({
      status: 400,
      json: { error: { code: "VALIDATION" } },
    });
  });

  it("publishes an OpenAPI document whose request schemas are the validation schemas", async () => {
    const document = (await (openApiRoute.GET() as Response).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<string, { schema: { properties: Record<string, { maxLength?: number }> } }>;
            };
          }
        >
      >;
    };
    expect(document.openapi).toBe("3.1.0");
    // Every route is documented, and nothing else.
    const documented = Object.entries(document.paths).flatMap(([route, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} /api/v1${route}`),
    );
    const served = Object.keys(await v1Routes()).filter((route) => route !== "GET /api/v1/openapi.json");
    expect(documented.sort()).toEqual(served.sort());
    const promptSchema =
      document.paths["/sessions/{id}/prompts"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(promptSchema?.properties.content?.maxLength).toBe(64_000);
    const settingsSchema = (
      document.paths["/repositories/{id}/settings"] as Record<string, (typeof document.paths)[string][string]>
    ).patch?.requestBody?.content["application/json"]?.schema;
    expect(settingsSchema?.properties.pullRequestLabel).toBeDefined();
  });

  it("reads and changes a repository's settings, refusing a bad value with its field", async () => {
    const repository = await call(repositoriesRoute.POST, { body: { path: await createGitRepository() } });
    const params = { id: (repository.json.repository as { id: string }).id };
    expect(await call(settingsRoute.GET, { params })).toMatchObject({
      status: 200,
      json: { settings: { draftPullRequests: false, pullRequestLabel: null } },
    });
    const changed = await call(settingsRoute.PATCH, {
      method: "PATCH",
      params,
      body: { draftPullRequests: true, pullRequestLabel: "agent" },
    });
    expect(changed).toMatchObject({
      status: 200,
      json: { settings: { draftPullRequests: true, pullRequestLabel: "agent" } },
    });
    const refused = await call(settingsRoute.PATCH, { method: "PATCH", params, body: { allowedUsers: ["-nope-"] } });
    expect(refused).toMatchObject({ status: 400, json: { error: { code: "VALIDATION" } } });

    const sessionDefaults = {
      defaultBaseBranch: "main",
      setupTimeoutSeconds: 900,
      startTimeoutSeconds: 60,
      imageBuildsEnabled: false,
    };
    const withDefaults = await call(settingsRoute.PATCH, { method: "PATCH", params, body: sessionDefaults });
    expect(withDefaults).toMatchObject({ status: 200, json: { settings: sessionDefaults } });
    expect(
      await call(settingsRoute.PATCH, { method: "PATCH", params, body: { startTimeoutSeconds: 5 } }),
    ).toMatchObject({
      status: 400,
      json: {
        error: {
          code: "VALIDATION",
          fieldErrors: { startTimeoutSeconds: ["The start time limit must be between 10 and 1,800 seconds."] },
        },
      },
    });
    // The answer has exactly the fields the OpenAPI document describes.
    const document = (await (openApiRoute.GET() as Response).json()) as {
      components: { schemas: { RepositorySettings: { properties: { settings: { required: string[] } } } } };
    };
    expect(Object.keys(withDefaults.json.settings as object).sort()).toEqual(
      [...document.components.schemas.RepositorySettings.properties.settings.required].sort(),
    );
    expect(await call(settingsRoute.GET, { params: { id: "missing" } })).toMatchObject({ status: 404 });
  });
});
