// GitHub's webhook deliveries at /api/webhooks/github (the real route handler): signatures are
// checked, each delivery takes effect once, and a session's pull request follows its state.
import { createHmac, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/github/route";
import { getDb } from "@/server/db";
import { createUser, randomKey } from "../../factories";
import closedPayload from "../../fixtures/github/webhook-pull-request-closed.json";
import { TEST_APP, withFakeGithubApp } from "../../support/github-app";

withFakeGithubApp();

function deliver(event: string, payload: unknown, options: { id?: string; secret?: string } = {}) {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", options.secret ?? TEST_APP.webhookSecret)
    .update(body)
    .digest("hex")}`;
  return POST(
    new Request("http://localhost/api/webhooks/github", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": options.id ?? randomUUID(),
        "x-hub-signature-256": signature,
      },
      body,
    }),
  );
}

/** A session on a GitHub repository whose pull request #1 is open. */
async function sessionWithPullRequest() {
  const key = randomKey();
  const githubId = BigInt(Math.floor(Math.random() * 1e9));
  const owner = await createUser();
  const repository = await getDb().repository.create({
    data: {
      provider: "github",
      externalId: `acme/engine-${key}`,
      owner: "acme",
      name: `engine-${key}`,
      defaultBranch: "main",
      githubId,
      installationId: 42n,
    },
  });
  const session = await getDb().session.create({
    data: {
      repositoryId: repository.id,
      baseBranch: "main",
      branch: `nightshift/${key}`,
      model: "custom/fake-coder",
      createdById: owner.id,
    },
  });
  await getDb().artifact.create({
    data: {
      sessionId: session.id,
      kind: "pr",
      url: "https://github.com/acme/engine/pull/1",
      metadata: { number: 1, title: "Add hello.txt", state: "open", draft: false },
    },
  });
  const payload = structuredClone(closedPayload);
  payload.repository.id = Number(githubId);
  payload.pull_request.head.ref = session.branch;
  return { session, payload };
}

const prState = async (sessionId: string) =>
  (await getDb().artifact.findFirstOrThrow({ where: { sessionId, kind: "pr" } })).metadata;

describe("GitHub webhooks", () => {
  it("marks a session's pull request merged when GitHub says so, once per delivery", async () => {
    const { session, payload } = await sessionWithPullRequest();
    const id = randomUUID();
    const first = await deliver("pull_request", payload, { id });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: "handled", detail: "pull request #1 closed: 1 session(s) updated" });
    expect(await prState(session.id)).toMatchObject({ state: "merged", number: 1 });

    // Reopened meanwhile; then GitHub redelivers the old "closed": nothing changes.
    await deliver("pull_request", {
      ...payload,
      action: "reopened",
      pull_request: { ...payload.pull_request, state: "open", merged: false },
    });
    expect(await prState(session.id)).toMatchObject({ state: "open" });
    const repeat = await deliver("pull_request", payload, { id });
    expect(repeat.status).toBe(202);
    expect(await repeat.json()).toMatchObject({ status: "duplicate" });
    expect(await prState(session.id)).toMatchObject({ state: "open" });
  });

  it("refuses a forged signature with 401 and acts on nothing", async () => {
    const { session, payload } = await sessionWithPullRequest();
    const forged = await deliver("pull_request", payload, { secret: "not-the-secret" });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({
      error: { code: "UNAUTHENTICATED", message: expect.stringContaining("X-Hub-Signature-256") },
    });
    expect(await prState(session.id)).toMatchObject({ state: "open" });
  });

  it("refuses a signed body that is JSON but not an object with 400, and records no delivery", async () => {
    for (const body of [null, [], "text", 42]) {
      const id = randomUUID();
      const response = await deliver("pull_request", body, { id });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: "VALIDATION", message: "The delivery's body is not a JSON object." },
      });
      expect(await getDb().githubDelivery.count({ where: { id } })).toBe(0);
    }
  });

  it("acknowledges events it does not act on with 202", async () => {
    const response = await deliver("star", { action: "created", repository: { id: 1, full_name: "acme/engine" } });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "ignored", detail: "star.created is not acted on" });
  });
});
