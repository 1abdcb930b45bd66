// Installing the Linear agent and keeping its tokens fresh, against the fake Linear API: an
// administrator's round trip through Linear's consent (actor=app, the scopes to be assigned and
// mentioned), the tokens stored sealed, refreshed before they expire and once when Linear refuses
// one; and the mappings administrators set, which choose an issue's repository by team key.
import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { getDb } from "@/server/db";
import { chooseLinearRepository } from "@/server/integrations/linear/choose";
import { withLinear } from "@/server/integrations/linear/client";
import { finishInstall, startInstall } from "@/server/integrations/linear/install";
import { addLinearMapping, getLinearSettings } from "@/server/integrations/linear/settings";
import { getEnv } from "@/server/env";
import { administrator, asActor, createLocalRepository, createUser } from "../../factories";
import { withFakeLinear } from "../../support/linear";
import { withOwnDatabase } from "../../support/own-database";

// Its own database: one Linear installation per workspace, and this file's fake is one workspace.
withOwnDatabase();
const fake = withFakeLinear();

/** The AppError a call fails with. */
async function appError(call: () => unknown): Promise<AppError> {
  const error = await Promise.resolve()
    .then(call)
    .then(
      () => undefined,
      (reason: unknown) => reason,
    );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("installing the Linear agent", () => {
  it("sends an administrator to Linear's consent as the app, and stores the workspace's tokens sealed", async () => {
    const admin = asActor(await administrator());
    const someone = asActor(await createUser());
    expect((await appError(async () => startInstall(someone))).code).toBe("FORBIDDEN");

    const { url, state } = startInstall(admin);
    const asked = new URL(url);
    expect(`${asked.origin}${asked.pathname}`).toBe(fake.linear.authorizeUrl);
    expect(Object.fromEntries(asked.searchParams)).toMatchObject({
      client_id: fake.linear.clientId,
      redirect_uri: `${getEnv().controlPlaneUrl}/api/linear/callback`,
      response_type: "code",
      scope: "read,write,app:assignable,app:mentionable",
      actor: "app",
      state,
    });
    // Linear shows its consent page for exactly that.
    expect((await fetch(url)).status).toBe(200);

    const code = fake.linear.issueCode({ redirectUri: `${getEnv().controlPlaneUrl}/api/linear/callback` });
    const forged = await appError(() =>
      finishInstall({ actor: admin, code, state: "another", expectedState: state, error: null }),
    );
    expect(forged).toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("not the one this browser started"),
    });
    const denied = await appError(() =>
      finishInstall({ actor: admin, code: null, state, expectedState: state, error: "access_denied" }),
    );
    expect(denied.message).toContain("access_denied");

    expect(await finishInstall({ actor: admin, code, state, expectedState: state, error: null })).toEqual({
      organizationName: "Acme",
    });
    const stored = await getDb().linearInstallation.findUniqueOrThrow({
      where: { organizationId: fake.linear.organization.id },
    });
    expect(stored).toMatchObject({ appUserId: fake.linear.appUser.id, installedById: admin.id });
    const issued = fake.linear.tokenRequests.at(-1)!;
    expect(issued).toMatchObject({ grant_type: "authorization_code", code });
    expect(JSON.stringify(stored)).not.toContain(fake.linear.accessToken);
    // A code is good once.
    expect(
      await appError(() => finishInstall({ actor: admin, code, state, expectedState: state, error: null })),
    ).toBeInstanceOf(AppError);
  });

  it("refreshes the token before it expires, and once when Linear refuses it, keeping the rotated refresh token", async () => {
    const organizationId = fake.linear.organization.id;
    const viewer = () => withLinear(organizationId, async (client) => (await client.viewer).id);
    expect(await viewer()).toBe(fake.linear.appUser.id);
    const refreshes = () =>
      fake.linear.tokenRequests.filter((request) => request.grant_type === "refresh_token").length;

    await getDb().linearInstallation.update({
      where: { organizationId },
      data: { accessTokenExpiresAt: new Date(Date.now() + 60_000) },
    });
    expect(await viewer()).toBe(fake.linear.appUser.id);
    expect(refreshes()).toBe(1);

    // Linear refuses the token before its time: refreshed once, and the call made again.
    fake.linear.expireAccessTokens();
    expect(await viewer()).toBe(fake.linear.appUser.id);
    expect(refreshes()).toBe(2);
    // Two refreshes racing for the same expired token refresh it once: a rotated refresh token is good once.
    await getDb().linearInstallation.update({ where: { organizationId }, data: { accessTokenExpiresAt: new Date(0) } });
    expect(await Promise.all([viewer(), viewer()])).toEqual([fake.linear.appUser.id, fake.linear.appUser.id]);
    expect(refreshes()).toBe(3);
  });
});

describe("team and project mappings", () => {
  it("are changed by administrators only, refuse an unknown model, and choose the repository of an issue by its team's key", async () => {
    const admin = asActor(await administrator());
    const person = await createUser();
    const repository = await createLocalRepository(person.id, { name: "engine" });
    expect(
      (
        await appError(() =>
          addLinearMapping({
            actor: asActor(person),
            mapping: { kind: "team", linearId: "eng", repositoryId: repository.id },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const badModel = await appError(() =>
      addLinearMapping({
        actor: admin,
        mapping: { kind: "team", linearId: "eng", repositoryId: repository.id, model: "nobody/nothing" },
      }),
    );
    expect(badModel.fieldErrors?.model?.[0]).toContain("nobody/nothing");
    const view = await addLinearMapping({
      actor: admin,
      mapping: { kind: "team", linearId: "eng", repositoryId: repository.id },
    });
    expect(view.mappings).toMatchObject([{ kind: "team", linearId: "eng", repository: { name: "engine" } }]);
    expect((await getLinearSettings({ actor: asActor(person) })).canChange).toBe(false);

    const choice = await chooseLinearRepository(
      {
        team: ["3f1c…", "ENG"],
        facts: { project: [], labels: [] },
        written: "",
        about: "Fix it",
        actor: asActor(person),
      },
      getDb(),
      getEnv(),
    );
    expect(choice).toMatchObject({ kind: "chosen", repository: { id: repository.id }, why: "the team's repository" });
  });
});
