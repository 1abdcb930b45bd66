// The GitHub Action: hands a prompt to a Nightshift deployment — a new session on the workflow's
// repository, or a session a previous step started — and waits for it (printing the agent's
// steps to the log), or returns at once. It signs in with the workflow's OIDC token unless a
// Nightshift API token is given. Outputs and a job summary report the result.
// docs/github-action.md.
import { readFile } from "node:fs/promises";
import * as core from "@actions/core";
import { describeError, NightshiftClient, type Result, type WorkflowToken } from "./client";
import { followPrompt } from "./follow";
import { type ActionStatus, cut, writeSummary } from "./summary";

const SUMMARY_OUTPUT_LIMIT = 10_000;

async function run(): Promise<void> {
  const url = core.getInput("nightshift-url", { required: true }).replace(/\/+$/, "");
  const prompt = await readPrompt();
  const wait = booleanInput("wait", true);
  const failOnError = booleanInput("fail-on-error", true);
  const timeoutMinutes = Number(core.getInput("timeout-minutes") || "60");
  if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0)
    throw new Error(`timeout-minutes must be a number of minutes above 0, not "${core.getInput("timeout-minutes")}".`);

  const client = new NightshiftClient({
    url,
    token: tokenSource(url),
    userAgent: "nightshift-github-action",
  });
  const env = process.env;
  const run = {
    url: `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT ?? "1"}`,
    workflow: env.GITHUB_WORKFLOW_REF || undefined,
    event: env.GITHUB_EVENT_NAME || undefined,
    actor: env.GITHUB_ACTOR || undefined,
  };
  // The same step of the same run attempt never queues its prompt twice, however often a request is retried.
  const clientRequestId = `gha-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? "1"}-${env.GITHUB_JOB ?? ""}-${env.GITHUB_ACTION ?? ""}`;
  const options = {
    model: core.getInput("model") || undefined,
    reasoningEffort: core.getInput("reasoning-effort") || undefined,
  };

  let sessionId = core.getInput("session-id");
  let after = 0;
  let messageId: string;
  if (sessionId) {
    after = (await client.getSession(sessionId)).lastSeq;
    const sent = await client.sendPrompt(sessionId, { content: prompt, clientRequestId, workflowRun: run, ...options });
    messageId = sent.message.id;
  } else {
    const repositoryId = await findRepository(client, core.getInput("repository") || env.GITHUB_REPOSITORY || "");
    const started = await client.startSession({
      repositoryId,
      baseBranch: core.getInput("base-branch") || undefined,
      prompt: { content: prompt, clientRequestId },
      workflowRun: run,
      ...options,
    });
    sessionId = started.session.id;
    messageId = started.messageId;
  }
  const sessionUrl = client.sessionUrl(sessionId);
  core.setOutput("session-id", sessionId);
  core.setOutput("session-url", sessionUrl);
  core.info(`Nightshift session: ${sessionUrl}`);

  if (!wait) {
    const result = await client.promptResult(sessionId, messageId);
    report(result, "queued");
    await writeSummary(result, "queued");
    return;
  }
  const deadline = Date.now() + timeoutMinutes * 60_000;
  const { result, timedOut } = await followPrompt(client, {
    sessionId,
    messageId,
    after,
    deadline,
    onLine: (line) => core.info(line),
  });
  const status: ActionStatus = timedOut ? "timed-out" : (result.prompt.status as ActionStatus);
  report(result, status);
  await writeSummary(result, status);
  if (status === "completed") return;
  const why = timedOut
    ? `Waited ${timeoutMinutes} minutes and the prompt has not finished; the session goes on: ${sessionUrl}`
    : `The prompt ${status}${result.prompt.error ? `: ${result.prompt.error}` : ""}. The session: ${sessionUrl}`;
  if (failOnError) core.setFailed(why);
  else core.warning(why);
}

/** A true/false input; unset means its default (the runner fills action.yml's in, other runners may not). */
function booleanInput(name: string, fallback: boolean): boolean {
  return core.getInput(name) === "" ? fallback : core.getBooleanInput(name);
}

async function readPrompt(): Promise<string> {
  const text = core.getInput("prompt");
  const file = core.getInput("prompt-file");
  if (text && file) throw new Error("Give the prompt as prompt or as prompt-file, not both.");
  if (file)
    return readFile(file, "utf8").catch((error: unknown) => {
      throw new Error(`prompt-file ${file} could not be read: ${describeError(error)}.`);
    });
  if (!text.trim()) throw new Error("Give the prompt: the prompt input, or prompt-file naming a file that holds it.");
  return text;
}

/** The token input, or workflow tokens from the run's OIDC token, renewed when one expires. */
function tokenSource(url: string): string | ((options: { renew: boolean }) => Promise<string>) {
  const token = core.getInput("token");
  if (token) {
    core.setSecret(token);
    return token;
  }
  let current: WorkflowToken | null = null;
  return async ({ renew }) => {
    if (current && !renew && Date.parse(current.expiresAt) - Date.now() > 5 * 60_000) return current.token;
    if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL)
      throw new Error(
        "Without the token input, the action signs in with the workflow's OIDC token, which this job may not ask for: add `permissions: id-token: write` to the job (or give a Nightshift API token as token).",
      );
    const audience = core.getInput("audience") || url;
    const oidc = await core.getIDToken(audience);
    const anonymous = new NightshiftClient({ url, token: "", userAgent: "nightshift-github-action" });
    current = await anonymous.exchangeGithubOidc(oidc);
    core.setSecret(current.token);
    if (!renew)
      core.info(
        `Signed in to Nightshift for ${current.repository.owner}/${current.repository.name} as ${current.actsAs.kind === "person" ? current.actsAs.login : `the GitHub App (${current.actsAs.login})`}.`,
      );
    return current.token;
  };
}

async function findRepository(client: NightshiftClient, fullName: string): Promise<string> {
  const [owner, name] = fullName.split("/");
  if (!owner || !name) throw new Error(`repository must be owner/name, not "${fullName}".`);
  const { repositories } = await client.listRepositories();
  const found = repositories.find(
    (repository) =>
      repository.owner.toLowerCase() === owner.toLowerCase() && repository.name.toLowerCase() === name.toLowerCase(),
  );
  if (!found)
    throw new Error(
      `${fullName} is not one of Nightshift's repositories, or this token cannot read it: install the GitHub App on it, or check the repository input.`,
    );
  return found.id;
}

function report(result: Result, status: ActionStatus): void {
  core.setOutput("status", status);
  core.setOutput("branch", result.session.branch);
  core.setOutput("pull-request-url", result.pullRequest?.url ?? "");
  core.setOutput("summary", cut(result.answer ?? "", SUMMARY_OUTPUT_LIMIT));
  core.setOutput("cost", result.costUsd === null ? "" : result.costUsd.toFixed(4));
}

run().catch((error: unknown) => core.setFailed(describeError(error)));
