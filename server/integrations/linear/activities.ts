// What the agent says in Linear's agent session: thoughts and actions as it works (ephemeral ones
// are replaced by the next), an elicitation when it needs an answer, and the response or error
// that ends its turn — only those two end it, so progress is never sent as one. And the session's
// plan and links. docs/linear.md#what-linear-shows.
import { AgentActivitySignal, type LinearClient } from "@linear/sdk";

export type ActivityContent =
  | { type: "thought"; body: string }
  | { type: "action"; action: string; parameter: string; result?: string }
  | { type: "elicitation"; body: string }
  | { type: "response"; body: string }
  | { type: "error"; body: string };

/** Linear's limit on an activity's body is generous; an answer is cut well before it. */
const BODY_CHARS = 20_000;

export async function say(
  client: LinearClient,
  agentSessionId: string,
  content: ActivityContent,
  options: { ephemeral?: boolean; signal?: { name: "auth"; metadata: Record<string, string> } } = {},
): Promise<void> {
  const cut = (text: string) => (text.length > BODY_CHARS ? `${text.slice(0, BODY_CHARS - 1)}…` : text);
  const sized = "body" in content ? { ...content, body: cut(content.body) } : content;
  await client.createAgentActivity({
    agentSessionId,
    content: sized,
    ...(options.ephemeral ? { ephemeral: true } : {}),
    ...(options.signal ? { signal: AgentActivitySignal.Auth, signalMetadata: options.signal.metadata } : {}),
  });
}

export type PlanStep = "analyse" | "repository" | "work" | "pull-request";
export type StepStatus = "pending" | "inProgress" | "completed" | "canceled";

const STEP_CONTENT: Record<PlanStep, string> = {
  analyse: "Read the issue",
  repository: "Choose the repository",
  work: "Work on it in a Nightshift session",
  "pull-request": "Open a pull request",
};

/** The plan Linear shows beside the session: every step, each with its status. */
export function plan(statuses: Record<PlanStep, StepStatus>) {
  return (Object.keys(STEP_CONTENT) as PlanStep[]).map((step) => ({
    content: STEP_CONTENT[step],
    status: statuses[step],
  }));
}

export async function updateSession(
  client: LinearClient,
  agentSessionId: string,
  update: { plan?: ReturnType<typeof plan>; links?: Array<{ label: string; url: string }> },
): Promise<void> {
  await client.updateAgentSession(agentSessionId, {
    ...(update.plan ? { plan: update.plan } : {}),
    ...(update.links ? { externalUrls: update.links } : {}),
  });
}
