// A model call the control plane makes for itself, with no sandbox: one question whose answer
// must come as a call of one tool (its arguments are the answer). It reaches the provider as the
// gateway reaches it for sandboxes — the same providers, base URLs and keys (./gateway.ts
// providerEndpoint) — in the API the model speaks: Anthropic's Messages, OpenAI's Responses, or
// chat completions. It is refused while a budget of the person it serves is spent. Its usage is
// logged, not stored: a model call row belongs to a session (docs/decisions.md).
import { z } from "zod";
import { personBudgetReached } from "../../budgets/person-budget";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { type CatalogModel, costMicros, type ModelApi } from "../catalog";
import type { ModelProvider } from "../providers";
import { providerEndpoint } from "./gateway";
import { type Usage, usageOfReply } from "./usage";

export type ForcedTool = { name: string; description: string; parameters: Record<string, unknown> };

export type ToolCallRequest = {
  provider: ModelProvider;
  model: CatalogModel;
  /** Who the call serves: their budgets must have room. */
  userId: string;
  system: string;
  user: string;
  tool: ForcedTool;
  maxTokens: number;
  timeoutMs: number;
};

export type ToolCallResult = { arguments: unknown; usage: Usage; costMicros: number | null; durationMs: number };

/** Reasoning models count their thinking as output: room for it beside the answer. */
const REASONING_ROOM = 1_024;
const ANTHROPIC_VERSION = "2023-06-01";

/** The tool's arguments, or an error saying why there are none (refused, unreachable, timed out, malformed). */
export async function callTool(
  request: ToolCallRequest,
  options: { db?: DbClient; env?: Env; fetch?: typeof fetch } = {},
): Promise<ToolCallResult> {
  const db = options.db ?? getDb();
  const reached = await personBudgetReached(request.userId, db);
  if (reached) throw new AppError("BUDGET_REACHED", reached);
  const endpoint = await providerEndpoint(request.provider, request.model, null, db, options.env ?? getEnv());
  const wire = WIRES[endpoint.api];
  const startedAt = Date.now();
  const response = await (options.fetch ?? fetch)(`${endpoint.baseUrl}/${wire.path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...wire.headers(endpoint.key) },
    body: JSON.stringify(wire.body(request)),
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  const text = await response.text();
  if (!response.ok)
    throw new AppError("UNAVAILABLE", `${request.provider.label} answered ${response.status}: ${errorMessage(text)}`);
  const body: unknown = JSON.parse(text);
  const usage = usageOfReply(body);
  return {
    arguments: wire.toolArguments(body, request.tool.name),
    usage,
    costMicros: costMicros(request.model.price, usage),
    durationMs: Date.now() - startedAt,
  };
}

type Wire = {
  path: string;
  headers: (key: string | null) => Record<string, string>;
  body: (request: ToolCallRequest) => Record<string, unknown>;
  /** The forced tool's arguments in the reply; throws when there is no such call. */
  toolArguments: (reply: unknown, tool: string) => unknown;
};

const bearer = (key: string | null): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});

const anthropicReply = z.object({
  content: z.array(z.object({ type: z.string(), name: z.string().optional(), input: z.unknown().optional() }).loose()),
});
const responsesReply = z.object({
  output: z.array(
    z.object({ type: z.string(), name: z.string().optional(), arguments: z.string().optional() }).loose(),
  ),
});
const chatReply = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          tool_calls: z
            .array(z.object({ function: z.object({ name: z.string(), arguments: z.string() }) }).loose())
            .nullish(),
        }),
      }),
    )
    .min(1),
});

function noCall(tool: string): never {
  throw new Error(`the model answered without calling ${tool}`);
}

const WIRES: Record<ModelApi, Wire> = {
  anthropic: {
    path: "messages",
    headers: (key) => ({ "anthropic-version": ANTHROPIC_VERSION, ...(key ? { "x-api-key": key } : {}) }),
    body: ({ model, system, user, tool, maxTokens }) => ({
      model: model.name,
      max_tokens: maxTokens,
      temperature: 0,
      system,
      messages: [{ role: "user", content: user }],
      tools: [{ name: tool.name, description: tool.description, input_schema: tool.parameters }],
      tool_choice: { type: "tool", name: tool.name },
    }),
    toolArguments: (reply, tool) =>
      anthropicReply.parse(reply).content.find((block) => block.type === "tool_use" && block.name === tool)?.input ??
      noCall(tool),
  },
  openai: {
    path: "responses",
    headers: bearer,
    // OpenAI's models here all reason, and refuse a temperature: the least reasoning they offer instead.
    body: ({ model, system, user, tool, maxTokens }) => {
      const effort = model.efforts[0]?.options.reasoningEffort;
      return {
        model: model.name,
        instructions: system,
        input: [{ role: "user", content: user }],
        tools: [{ type: "function", name: tool.name, description: tool.description, parameters: tool.parameters }],
        tool_choice: { type: "function", name: tool.name },
        max_output_tokens: typeof effort === "string" ? maxTokens + REASONING_ROOM : maxTokens,
        ...(typeof effort === "string" ? { reasoning: { effort } } : {}),
        store: false,
      };
    },
    toolArguments: (reply, tool) => {
      const call = responsesReply
        .parse(reply)
        .output.find((item) => item.type === "function_call" && item.name === tool);
      return JSON.parse(call?.arguments ?? noCall(tool));
    },
  },
  "openai-compatible": {
    path: "chat/completions",
    headers: bearer,
    body: ({ model, system, user, tool, maxTokens }) => ({
      model: model.name,
      temperature: 0,
      max_tokens: maxTokens,
      messages: [
        { role: "system", content: system },
        { role: "user", content: user },
      ],
      tools: [
        { type: "function", function: { name: tool.name, description: tool.description, parameters: tool.parameters } },
      ],
      tool_choice: { type: "function", function: { name: tool.name } },
    }),
    toolArguments: (reply, tool) => {
      const [choice] = chatReply.parse(reply).choices;
      const call = choice?.message.tool_calls?.find((entry) => entry.function.name === tool);
      return JSON.parse(call?.function.arguments ?? noCall(tool));
    },
  },
};

/** The provider's own words about a refusal, short (its JSON error's message, else the start of the body). */
function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === "string") return parsed.error.message.slice(0, 200);
  } catch {
    // Not JSON: the text as it is.
  }
  return text.slice(0, 200) || "no message";
}
