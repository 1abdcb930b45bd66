// The world the permission walks run in (tests/integration/access/permission-walk*.test.ts): a
// person without access to a GitHub repository, a reader, a writer and an administrator (who has
// no access to the repository: administering Nightshift gives none), each with an API token; the
// repository, a session on it with a waiting prompt, and an automation of the writer's; the
// outcome each role must get, and the walk that calls every door as each role in turn.
import { randomBytes } from "node:crypto";
import { beforeAll, expect } from "vitest";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { createAutomation } from "@/server/automations/manage-automations";
import { automationFields } from "@/server/automations/schemas";
import { getDb } from "@/server/db";
import type { AppErrorCode } from "@/server/errors";
import { createSession } from "@/server/sessions/create-session";
import type { CurrentUser } from "@/server/users/get-user";
import { administrator, asActor } from "../factories";
import { installedRepository, withFakeGithubApp } from "./github-app";
import { refusal } from "./refusal";

export const ROLES = ["outsider", "reader", "writer", "admin"] as const;
export type Role = (typeof ROLES)[number];
export type Outcome = "ok" | AppErrorCode;
export type Person = CurrentUser & { token: string };

export type WalkWorld = {
  key: string;
  people: Record<Role, Person>;
  repositoryId: string;
  removableId: string;
  sessionId: string;
  waitingPromptId: string;
  /** A webhook automation of the writer's on the repository. */
  automationId: string;
};

/** How each refusal must read: the reason, in words a person can act on. */
export const REASONS: Array<[RegExp, string]> = [
  [/^You need (read|write) access to acme\/walk-\S+ on GitHub to /, "repository access"],
  [/^Only an administrator can .+: the people NIGHTSHIFT_ADMINS names\.$/, "administrators only"],
  [/^Only an administrator, or the person who added it, can remove a repository\.$/, "removing a repository"],
  [/^Local repositories are turned off because a GitHub App is configured/, "local repositories off"],
  [/^Only the person who started this session, or an administrator, can set its limit\.$/, "a session's limit"],
];

/** The walk's world, made before the file's tests. */
export function withWalkWorld(): WalkWorld {
  const app = withFakeGithubApp();
  const world = { key: randomBytes(3).toString("hex"), people: {} } as WalkWorld;
  const linkGithub = async (user: CurrentUser, login: string) => {
    const id = 100_000 + Math.floor(Math.random() * 1_000_000_000);
    const token = app.github.issueToken({ id, login, name: login, email: null, orgs: [] });
    await getDb().account.create({
      data: { userId: user.id, type: "oauth", provider: "github", providerAccountId: String(id), access_token: token },
    });
  };
  beforeAll(async () => {
    const { key, people } = world;
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
    world.repositoryId = repository.id;
    world.removableId = (
      await installedRepository(app.github, { owner: "acme", name: "walk-spare", collaborators })
    ).repository.id;
    const writer = asActor(people.writer);
    const session = await createSession({
      repositoryId: world.repositoryId,
      actor: writer,
      prompt: { content: "First", source: "api" },
    });
    world.sessionId = session.id;
    const waiting = await getDb().message.findFirstOrThrow({ where: { sessionId: session.id }, select: { id: true } });
    world.waitingPromptId = waiting.id;
    world.automationId = await writersAutomation(world);
  });
  return world;
}

/** A new webhook automation of the writer's on the walk's repository. */
export async function writersAutomation(world: WalkWorld): Promise<string> {
  const fields = automationFields.parse({
    name: "Walk",
    instructions: "Walk.",
    targets: [{ repositoryId: world.repositoryId }],
    trigger: { type: "webhook" },
  });
  return (await createAutomation(fields, asActor(world.people.writer))).id;
}

/** Runs a call and says how it came out: "ok", or the refusal's code (its message checked). */
export async function outcomeOf(what: string, call: () => Promise<unknown>): Promise<Outcome> {
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

export const everyone = (outcome: Outcome): Record<Role, Outcome> => ({
  outsider: outcome,
  reader: outcome,
  writer: outcome,
  admin: outcome,
});
/** Reading the repository: readers and writers; the administrator has no access to it. */
export const READ: Record<Role, Outcome> = { outsider: "FORBIDDEN", reader: "ok", writer: "ok", admin: "FORBIDDEN" };
/** Writing to it: writers only. */
export const WRITE: Record<Role, Outcome> = {
  outsider: "FORBIDDEN",
  reader: "FORBIDDEN",
  writer: "ok",
  admin: "FORBIDDEN",
};
/** Nightshift's global settings: administrators only. */
export const ADMIN: Record<Role, Outcome> = {
  outsider: "FORBIDDEN",
  reader: "FORBIDDEN",
  writer: "FORBIDDEN",
  admin: "ok",
};
/** Managing the writer's automation: its owner and administrators; to anyone else it does not exist. */
export const OWNER: Record<Role, Outcome> = { outsider: "NOT_FOUND", reader: "NOT_FOUND", writer: "ok", admin: "ok" };

/** No job builds images here: a build "Rebuild now" started is ended, so the next one may start. */
export const endBuilds = (world: WalkWorld) =>
  getDb().repositoryImage.updateMany({
    where: { repositoryId: world.repositoryId, status: "building" },
    data: { status: "failed" },
  });

/** No job runs automations here: a run "Run now" started is ended, so the next one may start. */
export const endFirings = (world: WalkWorld) =>
  getDb().automationFiring.updateMany({
    where: { automationId: world.automationId, status: "running" },
    data: { status: "completed", exclusive: false, finishedAt: new Date() },
  });

export type Walk = Record<string, { expect: Record<Role, Outcome>; call: (person: Person) => Promise<unknown> }>;

/** Each role in turn (the administrator last, so that what only it may do happens once the others were refused). */
export async function walk(
  world: WalkWorld,
  walked: Walk,
  outcome: (what: string, call: () => Promise<unknown>) => Promise<Outcome>,
) {
  const got: Record<string, Record<Role, Outcome>> = {};
  for (const role of ROLES) {
    for (const [name, step] of Object.entries(walked)) {
      (got[name] ??= {} as Record<Role, Outcome>)[role] = await outcome(`${name} as the ${role}`, () =>
        step.call(world.people[role]),
      );
    }
  }
  return got;
}
