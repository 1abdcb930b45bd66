// Who may do what, walked through every door: every tRPC procedure and every /api/v1 endpoint is
// called as a person without access to a GitHub repository, a reader, a writer and an
// administrator (who has no access to the repository: administering Nightshift gives none), and
// each must get exactly its outcome — success, or the refusal with words that say why. The lists
// of procedures and endpoints are read from the router and the route files, so one added later
// fails this test until its expectations are written here.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter, createCaller } from "@/server/api/root";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { getDb } from "@/server/db";
import type { AppErrorCode } from "@/server/errors";
import { createSession } from "@/server/sessions/create-session";
import type { CurrentUser } from "@/server/users/get-user";
import { administrator, asActor, createGitRepository } from "../../factories";
import { installedRepository, withFakeGithubApp } from "../../support/github-app";
import { refusal } from "../../support/refusal";
import { v1Routes } from "../../support/v1-routes";

const ROLES = ["outsider", "reader", "writer", "admin"] as const;
type Role = (typeof ROLES)[number];
type Outcome = "ok" | AppErrorCode;
type Person = CurrentUser & { token: string };

const app = withFakeGithubApp();
const key = randomBytes(3).toString("hex");
const people = {} as Record<Role, Person>;
let repositoryId: string;
let removableId: string;
let sessionId: string;
let waitingPromptId: string;

/** How each refusal must read: the reason, in words a person can act on. */
const REASONS: Array<[RegExp, string]> = [
  [/^You need (read|write) access to acme\/walk-\S+ on GitHub to /, "repository access"],
  [/^Only an administrator can .+: the people NIGHTSHIFT_ADMINS names\.$/, "administrators only"],
  [/^Only an administrator, or the person who added it, can remove a repository\.$/, "removing a repository"],
  [/^Local repositories are turned off because a GitHub App is configured/, "local repositories off"],
  [/^Only the person who started this session, or an administrator, can set its limit\.$/, "a session's limit"],
];

async function linkGithub(user: CurrentUser, login: string): Promise<void> {
  const id = 100_000 + Math.floor(Math.random() * 1_000_000_000);
  const token = app.github.issueToken({ id, login, name: login, email: null, orgs: [] });
  await getDb().account.create({
    data: { userId: user.id, type: "oauth", provider: "github", providerAccountId: String(id), access_token: token },
  });
}

beforeAll(async () => {
  for (const role of ROLES) {
    const user =
      role === "admin"
        ? await administrator()
        : await getDb().user.create({
            data: { name: `${role} ${key}`, email: `${role}-${key}@example.com` },
            select: { id: true, name: true, email: true, image: true, githubLogin: true },
          });
    await linkGithub(user, `${role}-${key}`);
    people[role] = { ...user, token: (await createApiToken({ userId: user.id, name: "walk" })).token };
  }
  const collaborators = { [`reader-${key}`]: "read", [`writer-${key}`]: "write" } as const;
  const { repository } = await installedRepository(app.github, { owner: "acme", name: "walk", collaborators });
  repositoryId = repository.id;
  removableId = (await installedRepository(app.github, { owner: "acme", name: "walk-spare", collaborators })).repository
    .id;
  const writer = asActor(people.writer);
  const session = await createSession({ repositoryId, actor: writer, prompt: { content: "First", source: "api" } });
  sessionId = session.id;
  const waiting = await getDb().message.findFirstOrThrow({ where: { sessionId }, select: { id: true } });
  waitingPromptId = waiting.id;
});

/** Runs a call and says how it came out: "ok", or the refusal's code (its message checked). */
async function outcomeOf(what: string, call: () => Promise<unknown>): Promise<Outcome> {
  const result = await call().then(
    () => null,
    (error: unknown) => error,
  );
  if (result === null) return "ok";
  const { appCode, message } = await refusal(Promise.reject(result));
  if (appCode === "FORBIDDEN") {
    expect(
      REASONS.some(([reason]) => reason.test(message)),
      `${what} was refused with words that do not say why: ${message}`,
    ).toBe(true);
  }
  return appCode ?? "INTERNAL";
}

const everyone = (outcome: Outcome): Record<Role, Outcome> => ({
  outsider: outcome,
  reader: outcome,
  writer: outcome,
  admin: outcome,
});
/** Reading the repository: readers and writers; the administrator has no access to it. */
const READ: Record<Role, Outcome> = { outsider: "FORBIDDEN", reader: "ok", writer: "ok", admin: "FORBIDDEN" };
/** Writing to it: writers only. */
const WRITE: Record<Role, Outcome> = { outsider: "FORBIDDEN", reader: "FORBIDDEN", writer: "ok", admin: "FORBIDDEN" };
/** Nightshift's global settings: administrators only. */
const ADMIN: Record<Role, Outcome> = { outsider: "FORBIDDEN", reader: "FORBIDDEN", writer: "FORBIDDEN", admin: "ok" };

/** No job builds images here: a build "Rebuild now" started is ended, so the next one may start. */
const endBuilds = () =>
  getDb().repositoryImage.updateMany({ where: { repositoryId, status: "building" }, data: { status: "failed" } });

type Walk = Record<string, { expect: Record<Role, Outcome>; call: (person: Person) => Promise<unknown> }>;

function trpcWalk(): Walk {
  const as = (person: Person) => createCaller({ user: person });
  const repo = () => ({ id: repositoryId });
  const slug = `walk-${key}`;
  const provider = { slug, label: "Walk", baseUrl: "https://gw.example/v1", models: ["m"] };
  const secretName = `WALK_${key.toUpperCase()}`;
  return {
    "apiToken.list": { expect: everyone("ok"), call: (p) => as(p).apiToken.list() },
    "apiToken.create": { expect: everyone("ok"), call: (p) => as(p).apiToken.create({ name: "walked" }) },
    "apiToken.revoke": {
      expect: everyone("ok"),
      call: async (p) => as(p).apiToken.revoke({ id: (await as(p).apiToken.list())[0]!.id }),
    },
    "health.get": { expect: everyone("ok"), call: (p) => as(p).health.get() },
    "model.list": { expect: READ, call: (p) => as(p).model.list({ repositoryId }) },
    "model.customProviders": { expect: everyone("ok"), call: (p) => as(p).model.customProviders() },
    "model.saveCustomProvider": { expect: ADMIN, call: (p) => as(p).model.saveCustomProvider(provider) },
    "model.removeCustomProvider": { expect: ADMIN, call: (p) => as(p).model.removeCustomProvider({ slug }) },
    "realtime.config": { expect: everyone("ok"), call: (p) => as(p).realtime.config() },
    "secret.list": { expect: everyone("ok"), call: (p) => as(p).secret.list({}) },
    "secret.list (repository)": { expect: WRITE, call: (p) => as(p).secret.list({ repositoryId }) },
    "secret.preview": { expect: ADMIN, call: (p) => as(p).secret.preview({ text: `${secretName}=v` }) },
    "secret.preview (repository)": {
      expect: WRITE,
      call: (p) => as(p).secret.preview({ repositoryId, text: `${secretName}=v` }),
    },
    "secret.save": { expect: ADMIN, call: (p) => as(p).secret.save({ text: `${secretName}=v` }) },
    "secret.save (repository)": {
      expect: WRITE,
      call: (p) => as(p).secret.save({ repositoryId, text: `${secretName}=v` }),
    },
    "secret.remove": { expect: ADMIN, call: (p) => as(p).secret.remove({ key: secretName }) },
    "secret.remove (repository)": {
      expect: WRITE,
      call: (p) => as(p).secret.remove({ repositoryId, key: secretName }),
    },
    "repository.list": { expect: everyone("ok"), call: (p) => as(p).repository.list() },
    "repository.addLocal": {
      expect: everyone("FORBIDDEN"),
      call: async (p) => as(p).repository.addLocal({ path: await createGitRepository() }),
    },
    "repository.branches": { expect: READ, call: (p) => as(p).repository.branches(repo()) },
    "repository.settings": { expect: READ, call: (p) => as(p).repository.settings(repo()) },
    "repository.updateSettings": {
      expect: WRITE,
      call: (p) => as(p).repository.updateSettings({ ...repo(), settings: { draftPullRequests: true } }),
    },
    "repository.images": { expect: READ, call: (p) => as(p).repository.images(repo()) },
    "repository.rebuildImage": {
      expect: WRITE,
      call: async (p) => as(p).repository.rebuildImage(repo()).finally(endBuilds),
    },
    // Administrators, or whoever added it (nobody here: the App brought it); the administrator goes last.
    "repository.remove": { expect: ADMIN, call: (p) => as(p).repository.remove({ id: removableId }) },
    "session.create": { expect: READ, call: (p) => as(p).session.create({ repositoryId }) },
    "session.create (with a prompt)": {
      expect: WRITE,
      call: (p) => as(p).session.create({ repositoryId, prompt: { content: "Go" } }),
    },
    "session.list": { expect: everyone("ok"), call: (p) => as(p).session.list({}) },
    "session.get": { expect: READ, call: (p) => as(p).session.get({ sessionId }) },
    "session.events": { expect: READ, call: (p) => as(p).session.events({ sessionId }) },
    "session.join": { expect: READ, call: (p) => as(p).session.join({ sessionId }) },
    "session.diff": { expect: READ, call: (p) => as(p).session.diff({ sessionId }) },
    "session.presence": { expect: READ, call: (p) => as(p).session.presence({ sessionId, state: "idle" }) },
    "session.prompt": { expect: WRITE, call: (p) => as(p).session.prompt({ sessionId, content: "More" }) },
    "session.cancelPrompt": {
      expect: WRITE,
      call: (p) => as(p).session.cancelPrompt({ sessionId, messageId: waitingPromptId }),
    },
    // Allowed to a writer, who then hears that nothing runs.
    "session.stop": {
      expect: { ...WRITE, writer: "PRECONDITION_FAILED" },
      call: (p) => as(p).session.stop({ sessionId }),
    },
    "session.archive": { expect: WRITE, call: (p) => as(p).session.archive({ sessionId }) },
    "session.restore": { expect: WRITE, call: (p) => as(p).session.restore({ sessionId }) },
    "session.warm": { expect: WRITE, call: (p) => as(p).session.warm({ sessionId }) },
    "session.prepare": { expect: WRITE, call: (p) => as(p).session.prepare({ repositoryId }) },
    // The writer started the session; the administrator may not read its repository on GitHub.
    "session.setBudget": { expect: WRITE, call: (p) => as(p).session.setBudget({ sessionId, budgetUsd: 5 }) },
    "settings.get": { expect: everyone("ok"), call: (p) => as(p).settings.get() },
    "settings.update": {
      expect: ADMIN,
      call: (p) => as(p).settings.update({ localRepositoriesWithGithub: false }),
    },
  };
}

function v1Walk(routes: Awaited<ReturnType<typeof v1Routes>>): Walk {
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
  return {
    "GET /api/v1/openapi.json": { expect: everyone("ok"), call: request("GET /api/v1/openapi.json") },
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
        request("POST /api/v1/repositories/{id}/images", { params: repo })(person).finally(endBuilds),
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

/** Each role in turn (the administrator last, so that what only it may do happens once the others were refused). */
async function walk(walked: Walk, outcome: (what: string, call: () => Promise<unknown>) => Promise<Outcome>) {
  const got: Record<string, Record<Role, Outcome>> = {};
  for (const role of ROLES) {
    for (const [name, step] of Object.entries(walked)) {
      (got[name] ??= {} as Record<Role, Outcome>)[role] = await outcome(`${name} as the ${role}`, () =>
        step.call(people[role]),
      );
    }
  }
  return got;
}

describe("who may do what", () => {
  // About 160 calls each: more than the default 30 s on a busy 2-core machine.
  it("answers every tRPC procedure exactly as each role should be answered", { timeout: 120_000 }, async () => {
    const walked = trpcWalk();
    const covered = new Set(Object.keys(walked).map((name) => name.split(" ")[0]));
    expect([...covered].sort()).toEqual(Object.keys(appRouter._def.procedures).sort());

    const got = await walk(walked, outcomeOf);
    expect(got).toEqual(Object.fromEntries(Object.entries(walked).map(([name, step]) => [name, step.expect])));
  });

  it("answers every /api/v1 endpoint the same way", { timeout: 120_000 }, async () => {
    const routes = await v1Routes();
    const walked = v1Walk(routes);
    expect(Object.keys(walked).sort()).toEqual(Object.keys(routes).sort());

    const got = await walk(walked, async (what, call) => {
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

  it("shows each person only what they may read", async () => {
    const listed = async (role: Role) => {
      const caller = createCaller({ user: people[role] });
      const [repositories, sessions] = await Promise.all([caller.repository.list(), caller.session.list({})]);
      return {
        repository: repositories.some((repository) => repository.id === repositoryId),
        session: sessions.sessions.some((session) => session.id === sessionId),
      };
    };
    expect({
      outsider: await listed("outsider"),
      reader: await listed("reader"),
      writer: await listed("writer"),
      admin: await listed("admin"),
    }).toEqual({
      outsider: { repository: false, session: false },
      reader: { repository: true, session: true },
      writer: { repository: true, session: true },
      admin: { repository: false, session: false },
    });
    const settings = await Promise.all(ROLES.map((role) => createCaller({ user: people[role] }).settings.get()));
    expect(settings.map((view) => view.canChange)).toEqual([false, false, false, true]);
  });
});
