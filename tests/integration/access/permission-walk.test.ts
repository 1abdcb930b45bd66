// Who may do what, walked through every tRPC procedure: each is called as a person without access
// to a GitHub repository, a reader, a writer and an administrator (tests/support/permission-walk.ts),
// and each must get exactly its outcome — success, or the refusal with words that say why. The
// list of procedures is read from the router, so one added later fails this test until its
// expectations are written here. The /api/v1 endpoints get the same walk in ./permission-walk-v1.test.ts.
import { describe, expect, it } from "vitest";
import { appRouter, createCaller } from "@/server/api/root";
import { createGitRepository, randomKey } from "../../factories";
import {
  ADMIN,
  endBuilds,
  endFirings,
  everyone,
  outcomeOf,
  OWNER,
  type Person,
  READ,
  type Role,
  ROLES,
  type Walk,
  walk,
  withWalkWorld,
  WRITE,
  writersAutomation,
} from "../../support/permission-walk";

const world = withWalkWorld();

function trpcWalk(): Walk {
  const { key, repositoryId, removableId, sessionId, waitingPromptId, automationId } = world;
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
    "automation.list": { expect: everyone("ok"), call: (p) => as(p).automation.list() },
    "automation.create": {
      expect: WRITE,
      call: (p) =>
        as(p).automation.create({
          name: "Walked",
          instructions: "Walk.",
          targets: [{ repositoryId }],
          trigger: { type: "schedule", cron: "0 9 * * 1" },
        }),
    },
    "automation.get": { expect: OWNER, call: (p) => as(p).automation.get({ automationId }) },
    "automation.firings": { expect: OWNER, call: (p) => as(p).automation.firings({ automationId }) },
    "automation.update": {
      expect: OWNER,
      call: (p) => as(p).automation.update({ automationId, changes: { name: "Walked again" } }),
    },
    "automation.setEnabled": {
      expect: OWNER,
      call: (p) => as(p).automation.setEnabled({ automationId, enabled: true }),
    },
    "automation.runNow": {
      expect: OWNER,
      call: (p) =>
        as(p)
          .automation.runNow({ automationId })
          .finally(() => endFirings(world)),
    },
    "automation.regenerateSecret": {
      expect: OWNER,
      call: (p) => as(p).automation.regenerateSecret({ automationId, which: "webhookKey" }),
    },
    "automation.delete": {
      expect: OWNER,
      call: async (p) => as(p).automation.delete({ automationId: await writersAutomation(world) }),
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
      call: async (p) =>
        as(p)
          .repository.rebuildImage(repo())
          .finally(() => endBuilds(world)),
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
    "slack.routing": { expect: everyone("ok"), call: (p) => as(p).slack.routing() },
    "slack.addRule": {
      expect: ADMIN,
      call: (p) => as(p).slack.addRule({ keyword: `walk${randomKey()}`, repositoryId }),
    },
    "slack.removeRule": {
      expect: ADMIN,
      call: async (p) => {
        const keyword = `walk${randomKey()}`;
        const { rules } = await as(world.people.admin).slack.addRule({ keyword, repositoryId });
        return as(p).slack.removeRule({ id: rules.find((rule) => rule.keyword === keyword)!.id });
      },
    },
    "slack.setChannelDefault": {
      expect: ADMIN,
      call: (p) => as(p).slack.setChannelDefault({ channel: `C0${randomKey().toUpperCase()}`, repositoryId }),
    },
    "slack.removeChannelDefault": {
      expect: ADMIN,
      call: async (p) => {
        const channel = `C0${randomKey().toUpperCase()}`;
        await as(world.people.admin).slack.setChannelDefault({ channel, repositoryId });
        return as(p).slack.removeChannelDefault({ channel });
      },
    },
    "linear.settings": { expect: everyone("ok"), call: (p) => as(p).linear.settings() },
    "linear.addMapping": {
      expect: ADMIN,
      call: (p) => as(p).linear.addMapping({ kind: "team", linearId: `walk${randomKey()}`, repositoryId }),
    },
    "linear.removeMapping": {
      expect: ADMIN,
      call: async (p) => {
        const linearId = `walk${randomKey()}`;
        const { mappings } = await as(world.people.admin).linear.addMapping({
          kind: "project",
          linearId,
          repositoryId,
        });
        return as(p).linear.removeMapping({ id: mappings.find((mapping) => mapping.linearId === linearId)!.id });
      },
    },
    "settings.update": {
      expect: ADMIN,
      call: (p) => as(p).settings.update({ localRepositoriesWithGithub: false }),
    },
  };
}

describe("who may do what", () => {
  // About 160 calls each: more than the default 30 s on a busy 2-core machine.
  it("answers every tRPC procedure exactly as each role should be answered", { timeout: 120_000 }, async () => {
    const walked = trpcWalk();
    const covered = new Set(Object.keys(walked).map((name) => name.split(" ")[0]));
    expect([...covered].sort()).toEqual(Object.keys(appRouter._def.procedures).sort());

    const got = await walk(world, walked, outcomeOf);
    expect(got).toEqual(Object.fromEntries(Object.entries(walked).map(([name, step]) => [name, step.expect])));
  });

  it("shows each person only what they may read", async () => {
    const listed = async (role: Role) => {
      const caller = createCaller({ user: world.people[role] });
      const [repositories, sessions] = await Promise.all([caller.repository.list(), caller.session.list({})]);
      return {
        repository: repositories.some((repository) => repository.id === world.repositoryId),
        session: sessions.sessions.some((session) => session.id === world.sessionId),
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
    const settings = await Promise.all(ROLES.map((role) => createCaller({ user: world.people[role] }).settings.get()));
    expect(settings.map((view) => view.canChange)).toEqual([false, false, false, true]);
  });
});
