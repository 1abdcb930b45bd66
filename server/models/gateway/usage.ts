// What a model call used, read from the provider's own answer as it passes through the gateway:
// the `usage` of a JSON reply, or of the server-sent events of a streamed one — Anthropic's
// Messages API (`message_start`, then cumulative `message_delta`s), OpenAI's Responses API
// (`response.completed`) and chat completions (the last chunk's `usage`, when the client asked
// for it). Anything else counts as nothing rather than failing the call.

/** In one sense whatever the provider: input tokens not read from or written to a cache. */
export type Usage = {
  inputTokens: number;
  outputTokens: number;
  /** Part of the output: the tokens spent reasoning, where the provider says. */
  reasoningTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
};

export const NO_USAGE: Usage = {
  inputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const count = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), value);

/**
 * The usage one `usage` object states, in whichever provider's words: Anthropic's input tokens
 * exclude the cached ones (read and written), OpenAI's include the cached ones they read, which
 * are taken out here.
 */
export function usageOf(usage: unknown): Partial<Usage> {
  if (!isObject(usage)) return {};
  const result: Partial<Usage> = {};
  const set = (name: keyof Usage, value: unknown) => {
    const n = count(value);
    if (n !== undefined) result[name] = n;
  };
  const openai = (input: unknown, cached: unknown) => {
    set("cacheReadTokens", cached);
    const [all, read] = [count(input), count(cached) ?? 0];
    if (all !== undefined) result.inputTokens = Math.max(0, all - read);
  };
  if ("prompt_tokens" in usage || "completion_tokens" in usage) {
    openai(usage.prompt_tokens, at(usage, "prompt_tokens_details", "cached_tokens"));
    set("outputTokens", usage.completion_tokens);
    set("reasoningTokens", at(usage, "completion_tokens_details", "reasoning_tokens"));
    return result;
  }
  if ("cache_creation_input_tokens" in usage || "cache_read_input_tokens" in usage) {
    // Anthropic: what was read from or written to the cache is counted apart from input_tokens.
    set("inputTokens", usage.input_tokens);
    set("outputTokens", usage.output_tokens);
    set("cacheReadTokens", usage.cache_read_input_tokens);
    set("cacheWriteTokens", usage.cache_creation_input_tokens);
    return result;
  }
  if (isObject(usage.input_tokens_details) || isObject(usage.output_tokens_details)) {
    openai(usage.input_tokens, at(usage, "input_tokens_details", "cached_tokens"));
    set("outputTokens", usage.output_tokens);
    set("reasoningTokens", at(usage, "output_tokens_details", "reasoning_tokens"));
    return result;
  }
  // Anthropic's message_delta (output so far), or a usage too plain to say whose.
  set("inputTokens", usage.input_tokens);
  set("outputTokens", usage.output_tokens);
  return result;
}

/** The usage a whole JSON reply states (any of the three APIs). */
export function usageOfReply(body: unknown): Usage {
  return { ...NO_USAGE, ...usageOf(at(body, "usage")) };
}

/**
 * Reads a streamed reply's usage as its bytes pass: `push` each chunk as it arrives, `usage`
 * at the end. Each API's last word wins for each figure (Anthropic's `message_delta` repeats
 * the output count so far; chat completions send theirs once, at the end).
 */
export function streamUsageReader(): { push: (chunk: Uint8Array) => void; usage: () => Usage } {
  const decoder = new TextDecoder();
  let pending = "";
  let usage: Usage = { ...NO_USAGE };
  const take = (stated: unknown) => {
    usage = { ...usage, ...usageOf(stated) };
  };
  const readData = (data: string) => {
    if (!data || data === "[DONE]") return;
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      return;
    }
    if (!isObject(event)) return;
    if (event.type === "message_start") take(at(event, "message", "usage"));
    else if (event.type === "message_delta") take(event.usage);
    else if (event.type === "response.completed" || event.type === "response.incomplete")
      take(at(event, "response", "usage"));
    else if (isObject(event.usage)) take(event.usage);
  };
  const readLines = (text: string) => {
    const lines = text.split(/\r?\n/);
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.startsWith("data:")) readData(line.slice(5).trim());
  };
  return {
    push(chunk) {
      readLines(pending + decoder.decode(chunk, { stream: true }));
    },
    usage() {
      readLines(`${pending + decoder.decode()}\n`);
      return usage;
    },
  };
}
