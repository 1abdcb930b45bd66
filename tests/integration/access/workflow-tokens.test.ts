// Workflow tokens (server/access/workflow-tokens.ts): what a GitHub Actions run's OIDC token is
// exchanged for, and how little it reaches — its repository's sessions, for an hour, as the
// run's actor only when they may write there, else as the App's bot.
import { describe, expect, it } from "vitest";
import * as settingsRoute from "@/app/api/v1/settings/route";
import * as sessionsRoute from "@/app/api/v1/sessions/route";
import * as sessionRoute from "@/app/api/v1/sessions/[id]/route";
import * as exchangeRoute from "@/app/api/v1/auth/github-oidc/route";
import { authenticateWorkflowToken, WORKFLOW_TOKEN_LIFETIME_MS } from "@/server/access/workflow-tokens";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { createSession } from "@/server/sessions/create-session";
import { asActor } from "../../factories";
import { FAKE_APP_BOT_ID } from "../../fixtures/github/fake-github-app";
import { runClaims } from "../../fixtures/github/fake-oidc-issuer";
import { callRoute } from "../../support/call-route";
import { githubPerson, installedRepository, TEST_APP, withFakeGithubApp } from "../../support/github-app";
import { withFakeOidcIssuer } from "../../support/oidc-issuer";

const fake = withFakeGithubApp();
const issuer = withFakeOidcIssuer();

/** A token from the fake runner for a run of `actor` in `repository`, exchanged at the endpoint. */
async function exchange(repository: { fullName: string; githubId: number }, actor: { login: string; id: number }) {
  issuer.setRun(
    runClaims({
      repository: repository.fullName,
      repositoryId: repository.githubId,
      actor: actor.login,
      actorId: actor.id,
    }),
  );
  const { ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN } = issuer.runnerEnv();
  const oidc = (await (
    await fetch(`${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(getEnv().githubOidc.audience)}`, {
      headers: { authorization: `Bearer ${ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
    })
  ).json()) as { value: string };
  const response = await exchangeRoute.POST(
    new Request("http://localhost/api/v1/auth/github-oidc", {
      method: "POST",
      body: JSON.stringify({ token: oidc.value }),
    }),
  );
  return { status: response.status, json: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe("workflow tokens", () => {
  it("reach their repository's sessions only, and no other endpoint", async () => {
    const person = await githubPerson(fake.github, "grace-wf", "Grace");
    const account = await getDb().account.findFirstOrThrow({ where: { userId: person.id } });
    const collaborators = { "grace-wf": "write" } as const;
    const mine = await installedRepository(fake.github, { owner: "acme", name: "wf", collaborators });
    const other = await installedRepository(fake.github, { owner: "acme", name: "wf-other", collaborators });
    const otherSession = await createSession({ repositoryId: other.repository.id, actor: asActor(person) });

    const { status, json } = await exchange(mine, { login: "grace-wf", id: Number(account.providerAccountId) });
    expect(status).toBe(201);
    expect(json).toMatchObject({
      token: expect.stringMatching(/^nsw_/),
      repository: { id: mine.repository.id },
      actsAs: { kind: "person", userId: person.id, login: "grace-wf" },
      run: { repository: mine.fullName, runId: "7000001" },
    });
    expect(Date.parse(json.expiresAt) - Date.now()).toBeGreaterThan(WORKFLOW_TOKEN_LIFETIME_MS - 60_000);
    const token = json.token as string;

    const opened = await callRoute(sessionsRoute.POST, { token, body: { repositoryId: mine.repository.id } });
    expect(opened.status).toBe(201);
    const listed = await callRoute(sessionsRoute.GET, { token });
    expect((listed.json.sessions as Array<{ id: string }>).map((session) => session.id)).not.toContain(otherSession.id);

    expect(await callRoute(sessionRoute.GET, { token, params: { id: otherSession.id } })).toMatchObject({
      status: 403,
      json: { error: { message: "This workflow token reaches only the repository its workflow runs in." } },
    });
    const opening = await callRoute(sessionsRoute.POST, { token, body: { repositoryId: other.repository.id } });
    expect(opening.status).toBe(403);
    expect(await callRoute(settingsRoute.GET, { token })).toMatchObject({
      status: 403,
      json: { error: { message: expect.stringContaining("this endpoint needs a personal API token") } },
    });

    // An hour on, it is refused with what to do.
    const later = new Date(Date.now() + WORKFLOW_TOKEN_LIFETIME_MS + 1000);
    await expect(authenticateWorkflowToken(token, getDb(), getEnv(), later)).rejects.toThrow(
      /has expired .*exchange a fresh OIDC token/,
    );
    expect((await callRoute(sessionsRoute.GET, { token: "nsw_unknown" })).status).toBe(401);
  });

  it("acts as the App's bot for someone who may only read the repository, or never signed in here", async () => {
    const reader = await githubPerson(fake.github, "reader-wf", "Reader");
    const account = await getDb().account.findFirstOrThrow({ where: { userId: reader.id } });
    const repository = await installedRepository(fake.github, {
      owner: "acme",
      name: "wf-read",
      collaborators: { "reader-wf": "read" },
    });
    for (const actor of [
      { login: "reader-wf", id: Number(account.providerAccountId) },
      { login: "nobody-wf", id: 9_999_001 },
    ]) {
      const { status, json } = await exchange(repository, actor);
      expect(status).toBe(201);
      expect(json.actsAs).toMatchObject({ kind: "app", login: `${TEST_APP.slug}[bot]` });
      const bot = await getDb().account.findFirstOrThrow({ where: { userId: json.actsAs.userId } });
      expect(bot).toMatchObject({ provider: "github", providerAccountId: String(FAKE_APP_BOT_ID) });
    }
  });
});
