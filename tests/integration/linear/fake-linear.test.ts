// The fake Linear API (tests/fixtures/linear) driven by the real @linear/sdk 98 and by plain
// fetch, as Nightshift will drive it: OAuth install and token refresh, the reads and writes of a
// Linear agent, the SDK's lazy fetches, its error classes, and signed AgentSessionEvent webhooks
// that the SDK's own LinearWebhookClient accepts.
import { AuthenticationLinearError, InvalidInputLinearError, LinearClient } from "@linear/sdk";
import { LinearWebhookClient } from "@linear/sdk/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeLinear, startFakeLinear } from "../../fixtures/linear/fake-linear";
import { agentSessionEventPayload, linearWebhookHeaders, linearWebhookRequest } from "../../fixtures/linear/webhooks";

let fake: FakeLinear;
let client: LinearClient;
beforeAll(async () => {
  fake = await startFakeLinear({ users: [{ name: "Ada Lovelace" }, { name: "Grace Hopper", active: false }] });
  client = new LinearClient({ accessToken: fake.accessToken, apiUrl: fake.graphqlUrl });
});
afterAll(async () => {
  await fake?.close();
});

/** POSTs a form to the token endpoint, as Linear's documentation asks; answers the status and the JSON. */
async function postToken(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams(fields).toString();
  const init = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body };
  const response = await fetch(fake.tokenUrl, init);
  return { status: response.status, ...(await response.json()) };
}
const checkout = () =>
  fake.createIssue({
    title: "Checkout button does nothing",
    description: "Clicking **Pay** on /checkout does nothing.",
    labels: ["bug"],
    project: "Payments",
  });

describe("the fake Linear OAuth endpoints", () => {
  it("exchange a consented code once, and rotate refresh tokens", async () => {
    const redirectUri = "http://localhost:3000/api/linear/callback";
    const ask = { client_id: fake.clientId, redirect_uri: redirectUri, response_type: "code", state: "s1" };
    const page = await fetch(
      `${fake.authorizeUrl}?${new URLSearchParams({ ...ask, actor: "app", scope: "read,write" })}`,
    );
    const html = await page.text();
    expect([page.status, html]).toEqual([200, expect.stringContaining("<th>actor</th><td>app</td>")]);
    const approve = new URL(/id="approve" href="([^"]+)"/.exec(html)![1]!.replaceAll("&#38;", "&"));
    expect(approve.searchParams.get("state")).toBe("s1");

    const code = approve.searchParams.get("code")!;
    const exchange = { grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: fake.clientId };
    const wrong = await postToken({ ...exchange, client_secret: "wrong" });
    expect(wrong).toMatchObject({ status: 401, error: "invalid_client" });
    const { status, ...tokens } = await postToken({ ...exchange, client_secret: fake.clientSecret });
    expect([status, tokens]).toEqual([
      200,
      {
        access_token: expect.stringMatching(/^[a-z0-9]{64}$/),
        token_type: "Bearer",
        expires_in: 86399,
        scope: "read write",
        refresh_token: expect.stringMatching(/^[a-z0-9]{64}$/),
      },
    ]);
    const again = await postToken({ ...exchange, client_secret: fake.clientSecret });
    expect(again).toMatchObject({ status: 400, error: "invalid_grant" });
    const viewer = await new LinearClient({ accessToken: tokens.access_token, apiUrl: fake.graphqlUrl }).viewer;
    expect(viewer.id).toBe(fake.appUser.id);

    const basic = { authorization: `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString("base64")}` };
    const refresh = { grant_type: "refresh_token", refresh_token: tokens.refresh_token };
    const refreshed = await postToken(refresh, basic);
    expect([refreshed.status, refreshed.refresh_token]).toEqual([200, expect.not.stringMatching(tokens.refresh_token)]);
    expect(await postToken(refresh, basic)).toMatchObject({ status: 400, error: "invalid_grant" });
    expect(fake.tokenRequests.map((request) => request.grant_type)).toEqual([
      ...["authorization_code", "authorization_code", "authorization_code"],
      ...["refresh_token", "refresh_token"],
    ]);
  });

  it("give a 30-day client-credentials token with no refresh token, and refuse JSON bodies", async () => {
    const credentials = { client_id: fake.clientId, client_secret: fake.clientSecret };
    const token = await postToken({ grant_type: "client_credentials", scope: "read,write", ...credentials });
    expect(token).toEqual({
      status: 200,
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 2591999,
      scope: "read write",
    });
    const json = await fetch(fake.tokenUrl, { method: "POST", body: JSON.stringify(credentials) });
    expect(json.status).toBe(400);
  });
});

describe("the fake Linear GraphQL API through @linear/sdk", () => {
  it("answers the viewer (the app user), the organization and users", async () => {
    const viewer = await client.viewer;
    expect([viewer.name, viewer.app, viewer.isMe, viewer.email]).toEqual(["Nightshift", true, true, ""]);
    const organization = await client.organization;
    expect([organization.id, organization.name, organization.urlKey]).toEqual([fake.organization.id, "Acme", "acme"]);
    const grace = await client.user(fake.users[1]!.id);
    expect([grace.name, grace.displayName, grace.email, grace.active]).toEqual([
      "Grace Hopper",
      "grace",
      "grace@acme.example",
      false,
    ]);
    await expect(client.user("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(InvalidInputLinearError);
  });

  it("answers an issue by id or identifier, and the lazy fetches of its team, states, labels and project", async () => {
    const created = checkout();
    const issue = await client.issue(created.identifier);
    expect([issue.id, issue.title, issue.description]).toEqual([created.id, created.title, created.description]);
    expect(issue.url).toBe(
      `https://linear.app/acme/issue/${created.identifier.toLowerCase()}/checkout-button-does-nothing`,
    );
    expect(issue.assignee).toBeUndefined();
    const team = await issue.team!;
    expect([team.key, team.name]).toEqual(["ENG", "Engineering"]);
    expect((await issue.state!).name).toBe("Todo");
    expect((await issue.labels()).nodes.map((label) => label.name)).toEqual(["bug"]);
    expect((await issue.project!).name).toBe("Payments");
    const states = (await team.states()).nodes;
    expect(states.map((state) => [state.name, state.type, state.position])).toContainEqual([
      "In Progress",
      "started",
      2,
    ]);
    const started = await client.workflowStates({ filter: { team: { id: { eq: team.id } }, type: { eq: "started" } } });
    expect(started.nodes.map((state) => state.name)).toEqual(["In Progress", "In Review"]);
  });

  it("moves an issue to a state of its team, and refuses another team's", async () => {
    const created = checkout();
    const inProgress = fake.teams[0]!.states.find((state) => state.name === "In Progress")!;
    const result = await client.updateIssue(created.id, { stateId: inProgress.id });
    expect(result.success).toBe(true);
    expect(fake.issues.get(created.id)!.stateId).toBe(inProgress.id);
    expect((await (await result.issue)!.state)!.name).toBe("In Progress");
    const update = fake.calls.findLast((call) => call.operation === "updateIssue");
    expect(update?.variables).toEqual({ id: created.id, input: { stateId: inProgress.id } });
    await expect(client.updateIssue(created.id, { stateId: "not-a-state" })).rejects.toBeInstanceOf(
      InvalidInputLinearError,
    );
  });

  it("records agent activities and session updates, and refuses an unknown session", async () => {
    const session = fake.createAgentSession({ issueId: checkout().id, comment: "@nightshift fix this" });
    const thought = await client.createAgentActivity({
      agentSessionId: session.id,
      content: { type: "thought", body: "Looking at the checkout page" },
      ephemeral: true,
    });
    expect(thought.success).toBe(true);
    expect(session.status).toBe("active");
    expect((await thought.agentActivity)?.content).toEqual({
      __typename: "AgentActivityThoughtContent",
      type: "thought",
      body: "Looking at the checkout page",
    });
    await client.createAgentActivity({
      agentSessionId: session.id,
      content: { type: "response", body: "Opened a PR" },
    });
    expect(session.activities.map((activity) => [activity.content.type, activity.ephemeral])).toEqual([
      ["thought", true],
      ["response", false],
    ]);
    expect(session.status).toBe("complete");
    const prompt = client.createAgentActivity({ agentSessionId: session.id, content: { type: "prompt", body: "x" } });
    await expect(prompt).rejects.toBeInstanceOf(InvalidInputLinearError);
    const unknown = client.createAgentActivity({ agentSessionId: "nope", content: { type: "thought", body: "x" } });
    await expect(unknown).rejects.toThrow("Entity not found: AgentSession");

    const run = { label: "Nightshift run", url: "http://localhost:3000/sessions/42" };
    const plan = [{ content: "Fix the button", status: "inProgress" }];
    await client.updateAgentSession(session.id, {
      externalUrls: [run],
      plan: plan as unknown as Record<string, unknown>,
    });
    const pr = { label: "Pull request", url: "https://github.com/acme/shop/pull/7" };
    await client.updateAgentSession(session.id, { addedExternalUrls: [pr] });
    expect([session.externalUrls, session.plan]).toEqual([[run, pr], plan]);
    const read = await client.agentSession(session.id);
    expect([read.externalUrls, read.plan, read.status]).toEqual([[run, pr], plan, "complete"]);
  });

  it("attaches a pull request to an issue once per URL, and records comments", async () => {
    const issue = checkout();
    const url = "https://github.com/acme/shop/pull/7";
    await client.attachmentLinkURL(issue.id, url, { title: "PR #7" });
    await client.attachmentLinkURL(issue.id, url, { title: "Fix checkout (#7)" });
    await client.createAttachment({ issueId: issue.id, url: `${url}/files`, title: "Files" });
    const attachments = (await (await client.issue(issue.id)).attachments()).nodes;
    expect(attachments.map((attachment) => [attachment.title, attachment.url])).toEqual([
      ["Fix checkout (#7)", url],
      ["Files", `${url}/files`],
    ]);
    const comment = await client.createComment({ issueId: issue.id, body: "Opened #7" });
    const comments = (await (await client.issue(issue.id)).comments()).nodes;
    expect(comments.map((c) => [c.id, c.body, c.userId])).toEqual([[comment.commentId, "Opened #7", fake.appUser.id]]);
  });

  it("suggests only the candidate repositories Linear ranks, best first", async () => {
    const issue = checkout();
    fake.repositorySuggestions.set(issue.id, [
      { repositoryFullName: "acme/docs", confidence: 0.2 },
      { repositoryFullName: "acme/shop", confidence: 0.91 },
      { repositoryFullName: "acme/elsewhere", confidence: 0.99 },
    ]);
    const candidates = ["acme/shop", "acme/docs"].map((name) => ({ hostname: "github.com", repositoryFullName: name }));
    const answer = await client.issueRepositorySuggestions(candidates, issue.id, { agentSessionId: "any" });
    expect(answer.suggestions.map((s) => [s.repositoryFullName, s.confidence])).toEqual([
      ["acme/shop", 0.91],
      ["acme/docs", 0.2],
    ]);
  });
});

describe("signed AgentSessionEvent webhooks", () => {
  it("carry the session, issue and promptContext on created, and the prompt on prompted", async () => {
    const issue = checkout();
    const created = agentSessionEventPayload(fake, {
      action: "created",
      agentSessionId: "5b1e2f5e-3c1a-4b8e-9a55-2f0c3c1d7e01",
      issueId: issue.id,
      creatorId: fake.users[0]!.id,
      body: "@nightshift please fix",
      guidance: [{ body: "Open draft PRs", team: true }],
    });
    expect(created.agentSession.issue?.identifier).toBe(issue.identifier);
    expect(created.agentSession.comment?.body).toBe("@nightshift please fix");
    expect(created.promptContext).toContain(`<issue identifier="${issue.identifier}">\n<title>${issue.title}</title>`);
    expect(created.promptContext).toContain('<team name="Engineering"/>\n<label>bug</label>');
    expect(created.promptContext).toContain('<comment author="Ada Lovelace"');
    expect(created.promptContext).toContain('<guidance-rule origin="team" team-name="Engineering">Open draft PRs');
    const raw = JSON.stringify(created);
    const headers = linearWebhookHeaders(raw, fake.webhookSecret);
    const verified = new LinearWebhookClient(fake.webhookSecret).parseData(
      Buffer.from(raw),
      headers["linear-signature"],
    );
    expect(verified).toEqual(created);

    const prompted = agentSessionEventPayload(fake, {
      action: "prompted",
      agentSessionId: created.agentSession.id,
      body: "Stop",
      signal: "stop",
    });
    expect([prompted.agentActivity?.content, prompted.agentActivity?.signal]).toEqual([
      { type: "prompt", body: "Stop" },
      "stop",
    ]);
    expect(prompted.promptContext).toBeUndefined();
    expect(fake.agentSessions.get(created.agentSession.id)!.activities.at(-1)?.content.body).toBe("Stop");

    const received: string[] = [];
    const handler = new LinearWebhookClient(fake.webhookSecret).createHandler();
    handler.on("AgentSessionEvent", (payload) => void received.push(payload.action));
    const response = await handler(
      linearWebhookRequest("http://localhost/api/linear/webhook", prompted, fake.webhookSecret),
    );
    expect([response.status, received]).toEqual([200, ["prompted"]]);
  });
});

describe("the fake Linear API's refusals", () => {
  it("answers an expired token as Linear does, so the SDK raises its authentication error", async () => {
    fake.expireAccessTokens();
    const error = await client.viewer.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationLinearError);
    expect((error as AuthenticationLinearError).status).toBe(401);
    expect(fake.calls.at(-1)).toMatchObject({ operation: "viewer", isAuthorized: false });
    const fresh = fake.issueTokens();
    const viewer = await new LinearClient({ accessToken: fresh.access_token, apiUrl: fake.graphqlUrl }).viewer;
    expect(viewer.id).toBe(fake.appUser.id);
  });

  it("answers only the fields a document selects, as a GraphQL server does", async () => {
    const issue = checkout();
    const query = "query issue($id: String!) { issue(id: $id) { identifier team { key } title: number } }";
    const headers = { authorization: `Bearer ${fake.issueTokens().access_token}`, "content-type": "application/json" };
    const body = JSON.stringify({ query, variables: { id: issue.id } });
    const answer = await (await fetch(fake.graphqlUrl, { method: "POST", headers, body })).json();
    expect(answer).toEqual({
      data: { issue: { identifier: issue.identifier, team: { key: "ENG" }, title: issue.number } },
    });
  });

  it("puts an operation it does not serve in unserved, and no other", async () => {
    const fresh = new LinearClient({ accessToken: fake.issueTokens().access_token, apiUrl: fake.graphqlUrl });
    await expect(fresh.teams()).rejects.toThrow('does not serve the operation "teams"');
    expect(fake.unserved).toEqual(["teams"]);
  });
});
