// Access to a GitHub repository's sessions, checked with each person's own GitHub token against
// a fake of GitHub's REST API: readers see, writers prompt, others are refused with the missing
// permission named — in tRPC, the public API's services, lists and realtime channels alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { forgetAccess } from "@/server/git/github/github-code-host";
import { getDb } from "@/server/db";
import { presenceChannel, sessionChannel } from "@/server/realtime/channels";
import { authorizeChannel } from "@/server/realtime/authorize-channel";
import { embeddedPusherEnv, type PusherServer, startPusherServer } from "@/server/realtime/local/pusher-server";
import { createSession } from "@/server/sessions/create-session";
import type { CurrentUser } from "@/server/users/get-user";
import { type FakeGithub, type FakeGithubPermission, startFakeGithub } from "../../fixtures/github/fake-github";
import { createUser, randomKey, asActor } from "../../factories";
import { refusal } from "../../support/refusal";

let github: FakeGithub;
let realtime: PusherServer;
const saved = { GITHUB_URL: process.env.GITHUB_URL };

beforeAll(async () => {
  github = await startFakeGithub({ id: "unused", secret: "unused" });
  realtime = await startPusherServer({ appId: "access", key: "access-key", secret: "access-secret", port: 0 });
  // Read lazily by the server code, on its first use in this file.
  Object.assign(
    process.env,
    { GITHUB_URL: github.url },
    embeddedPusherEnv({ appId: "access", key: "access-key", secret: "access-secret" }, realtime.port),
  );
});

afterAll(async () => {
  await github?.close();
  await realtime?.stop();
  if (saved.GITHUB_URL === undefined) delete process.env.GITHUB_URL;
  else process.env.GITHUB_URL = saved.GITHUB_URL;
});

/** A person signed in with GitHub as `login` (their account row holds a token the fake knows). */
async function githubPerson(login: string): Promise<CurrentUser> {
  const user = await createUser({ name: login });
  const githubUser = {
    id: 100_000 + Math.floor(Math.random() * 1_000_000_000),
    login: `${login}-${randomKey()}`,
    name: login,
    email: null,
    orgs: [],
  };
  await getDb().account.create({
    data: {
      userId: user.id,
      type: "oauth",
      provider: "github",
      providerAccountId: String(githubUser.id),
      access_token: github.issueToken(githubUser),
    },
  });
  return { ...user, githubLogin: githubUser.login };
}

/** A private GitHub repository Nightshift has, with these people's permissions on GitHub. */
async function githubRepository(collaborators: Array<[CurrentUser, FakeGithubPermission]>) {
  const name = `engine-${randomKey()}`;
  github.repositories.push({
    fullName: `acme/${name}`,
    private: true,
    collaborators: Object.fromEntries(collaborators.map(([user, level]) => [user.githubLogin!, level])),
  });
  return getDb().repository.create({
    data: { provider: "github", externalId: `acme/${name}`, owner: "acme", name, defaultBranch: "main" },
  });
}

const repoChecks = (name: string) =>
  github.requests.filter((request) => request.path === `/api/v3/repos/acme/${name}`).length;
const channelAuth = (user: CurrentUser, channel: string) =>
  authorizeChannel(user, { socket_id: "123.456", channel_name: channel });

describe("access to a GitHub repository's sessions", () => {
  it("lets a writer open and prompt, a reader watch but not prompt, and refuses anyone else, naming what is missing", async () => {
    const [writer, reader, stranger] = await Promise.all([
      githubPerson("wanda"),
      githubPerson("rita"),
      githubPerson("sam"),
    ]);
    const repository = await githubRepository([
      [writer, "write"],
      [reader, "read"],
    ]);
    const session = await createCaller({ user: writer }).session.create({
      repositoryId: repository.id,
      prompt: { content: "Tidy the README" },
    });
    const where = `acme/${repository.name} on GitHub`;

    const asReader = createCaller({ user: reader });
    expect((await asReader.session.get({ sessionId: session.id })).session.id).toBe(session.id);
    expect(await refusal(asReader.session.prompt({ sessionId: session.id, content: "Me too" }))).toMatchObject({
      code: "FORBIDDEN",
      message: `You need write access to ${where} to prompt, steer or change its sessions and settings (you can read it).`,
    });
    expect(await refusal(asReader.session.stop({ sessionId: session.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await refusal(asReader.session.create({ repositoryId: repository.id, prompt: { content: "Mine" } })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect((await asReader.session.create({ repositoryId: repository.id })).repository.id).toBe(repository.id);

    const asStranger = createCaller({ user: stranger });
    for (const call of [
      () => asStranger.session.get({ sessionId: session.id }),
      () => asStranger.session.events({ sessionId: session.id }),
      () => asStranger.session.join({ sessionId: session.id }),
      () => asStranger.session.create({ repositoryId: repository.id }),
      () => asStranger.repository.branches({ id: repository.id }),
    ]) {
      expect(await refusal(call())).toMatchObject({
        code: "FORBIDDEN",
        message: `You need read access to ${where} to see its sessions.`,
      });
    }
    await expect(channelAuth(stranger, sessionChannel(session.id))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(channelAuth(stranger, presenceChannel(session.id))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(channelAuth(reader, sessionChannel(session.id))).resolves.toMatchObject({
      auth: expect.stringMatching(/^access-key:/),
    });

    // Lists leave out what a person may not read.
    const listedFor = async (user: CurrentUser) =>
      (await createCaller({ user }).session.list({ repositoryId: repository.id })).sessions.length;
    expect([await listedFor(writer), await listedFor(reader), await listedFor(stranger)]).toEqual([2, 2, 0]);
    const reposFor = async (user: CurrentUser) =>
      (await createCaller({ user }).repository.list()).some((listed) => listed.id === repository.id);
    expect([await reposFor(writer), await reposFor(stranger)]).toEqual([true, false]);
  });

  it("asks GitHub once per person and repository for a few minutes, and again after a new sign-in", async () => {
    const writer = await githubPerson("wes");
    const repository = await githubRepository([[writer, "write"]]);
    const caller = createCaller({ user: writer });
    const session = await createSession({ repositoryId: repository.id, actor: asActor(writer) });
    for (let index = 0; index < 5; index++) await caller.session.get({ sessionId: session.id });
    expect(repoChecks(repository.name)).toBe(1);

    // Write access taken away on GitHub: seen once the person's answers are forgotten (a new sign-in does that).
    github.repositories.find((candidate) => candidate.fullName === `acme/${repository.name}`)!.collaborators[
      writer.githubLogin!
    ] = "read";
    forgetAccess(writer.id);
    expect(await refusal(caller.session.prompt({ sessionId: session.id, content: "Go" }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(repoChecks(repository.name)).toBe(2);
  });

  it("tells someone without a GitHub sign-in, or whose token GitHub refuses, what to do", async () => {
    const writer = await githubPerson("wyn");
    const repository = await githubRepository([[writer, "write"]]);
    const session = await createSession({ repositoryId: repository.id, actor: asActor(writer) });

    const local = await createUser({ name: "Dev sign-in" });
    expect(await refusal(createCaller({ user: local }).session.get({ sessionId: session.id }))).toMatchObject({
      code: "FORBIDDEN",
      message: `Nightshift checks your access to acme/${repository.name} on GitHub with your GitHub sign-in: sign in with GitHub to see its sessions.`,
    });

    const revoked = await githubPerson("ray");
    await getDb().account.updateMany({ where: { userId: revoked.id }, data: { access_token: "gho_revoked" } });
    expect(await refusal(createCaller({ user: revoked }).session.get({ sessionId: session.id }))).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("GitHub no longer accepts your sign-in"),
    });
  });

  it("leaves local repositories open to every signed-in person", async () => {
    const [owner, colleague] = await Promise.all([createUser(), createUser()]);
    const { createSessionFor } = await import("../../factories");
    const session = await createSessionFor(owner);
    const caller = createCaller({ user: colleague });
    expect((await caller.session.prompt({ sessionId: session.id, content: "Help" })).message.content).toBe("Help");
  });
});
