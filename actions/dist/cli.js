#!/usr/bin/env node
// Built by scripts/build-action.ts from actions/src: do not edit.
import { createRequire as __nightshiftCreateRequire } from "node:module";
const require = __nightshiftCreateRequire(import.meta.url);

// actions/src/cli.ts
import { readFile as readFile2 } from "node:fs/promises";
import { parseArgs } from "node:util";

// actions/src/cli-config.ts
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
function configPath() {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(base, "nightshift", "config.json");
}
async function readConfig() {
  try {
    const parsed = JSON.parse(await readFile(configPath(), "utf8"));
    return { current: parsed.current, tokens: parsed.tokens ?? {} };
  } catch {
    return { tokens: {} };
  }
}
async function saveToken(url, token) {
  const config = await readConfig();
  const file = configPath();
  await mkdir(path.dirname(file), { recursive: true, mode: 448 });
  const next = { current: url, tokens: { ...config.tokens, [url]: token } };
  await writeFile(file, `${JSON.stringify(next, null, 2)}
`, { mode: 384 });
}
async function resolveLogin(flagUrl) {
  const config = await readConfig();
  const url = normalize(flagUrl ?? process.env.NIGHTSHIFT_URL ?? config.current ?? "");
  if (!url) return null;
  const token = process.env.NIGHTSHIFT_TOKEN || config.tokens[url];
  return token ? { url, token } : null;
}
function normalize(url) {
  return url.trim().replace(/\/+$/, "");
}

// actions/src/client.ts
var ApiError = class extends Error {
  constructor(status, code, message, fieldErrors) {
    super(message);
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
  status;
  code;
  fieldErrors;
  name = "ApiError";
};
var RETRIED_STATUSES = /* @__PURE__ */ new Set([502, 503, 504]);
var NightshiftClient = class {
  constructor(options2) {
    this.options = options2;
    this.url = options2.url.replace(/\/+$/, "");
  }
  options;
  url;
  /** The page people open to watch and join a session. */
  sessionUrl(sessionId) {
    return `${this.url}/sessions/${sessionId}`;
  }
  exchangeGithubOidc(token) {
    return this.call("POST", { path: "/auth/github-oidc", body: { token }, anonymous: true });
  }
  listRepositories() {
    return this.call("GET", { path: "/repositories" });
  }
  listSessions(query = {}) {
    return this.call("GET", { path: "/sessions", query });
  }
  createSession(body) {
    return this.call("POST", { path: "/sessions", body });
  }
  /**
   * Opens a session with a first prompt; answers it with the prompt's id (a retry with the same
   * clientRequestId answers the session the first opened).
   */
  async startSession(body) {
    const { session } = await this.createSession(body);
    const { messages } = await this.getSession(session.id);
    const message = messages.find((candidate) => candidate.clientRequestId === body.prompt.clientRequestId);
    if (!message) throw new Error(`Session ${session.id} was opened, but its first prompt is not in it.`);
    return { session, messageId: message.id };
  }
  getSession(id) {
    return this.call("GET", { path: "/sessions/{id}", params: { id } });
  }
  sendPrompt(id, body) {
    return this.call("POST", { path: "/sessions/{id}/prompts", params: { id }, body });
  }
  promptResult(id, messageId) {
    return this.call("GET", { path: "/sessions/{id}/prompts/{messageId}", params: { id, messageId } });
  }
  /** The timeline after `after`; with `wait`, held by the server until something arrives. */
  events(id, query = {}) {
    return this.call("GET", { path: "/sessions/{id}/events", params: { id }, query });
  }
  stop(id) {
    return this.call("POST", { path: "/sessions/{id}/stop", params: { id } });
  }
  async call(method, call) {
    const path2 = call.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(call.params?.[name] ?? ""));
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(call.query ?? {}))
      if (value !== void 0) query.set(name, String(value));
    const target = `${this.url}/api/v1${path2}${query.size > 0 ? `?${query}` : ""}`;
    const retries = this.options.retries ?? 4;
    let renew = false;
    for (let attempt = 0; ; attempt += 1) {
      const headers = {
        accept: "application/json",
        "user-agent": this.options.userAgent ?? "nightshift-client"
      };
      if (call.body !== void 0) headers["content-type"] = "application/json";
      if (!call.anonymous) headers.authorization = `Bearer ${await this.token(renew)}`;
      let response;
      try {
        response = await fetch(target, {
          method,
          headers,
          body: call.body === void 0 ? void 0 : JSON.stringify(call.body)
        });
      } catch (error2) {
        if (attempt < retries) {
          await backoff(attempt);
          continue;
        }
        throw new ApiError(0, "UNREACHABLE", `Nightshift at ${this.url} could not be reached: ${causeOf(error2)}.`);
      }
      if (RETRIED_STATUSES.has(response.status) && attempt < retries) {
        await backoff(attempt);
        continue;
      }
      if (response.status === 401 && !renew && typeof this.options.token === "function" && !call.anonymous) {
        renew = true;
        continue;
      }
      const text = await response.text();
      const json = parseJson(text);
      if (response.ok) return json;
      const error = json?.error;
      throw new ApiError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        error?.message ?? `Nightshift answered ${response.status} ${response.statusText}: ${text.slice(0, 200)}`,
        error?.fieldErrors
      );
    }
  }
  async token(renew) {
    const { token } = this.options;
    return typeof token === "string" ? token : token({ renew });
  }
};
function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
function causeOf(error) {
  const cause = error.cause;
  return cause?.code ?? cause?.message ?? String(error);
}
var backoff = (attempt) => new Promise((resolve) => setTimeout(resolve, Math.min(8e3, 500 * 2 ** attempt)));
function describeError(error) {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const fields = Object.entries(error.fieldErrors ?? {}).map(([field, problems]) => [field, problems.filter((problem) => problem !== error.message)]).filter(([, problems]) => problems.length > 0).map(([field, problems]) => `${field}: ${problems.join("; ")}`);
  return fields.length > 0 ? `${error.message} (${fields.join(", ")})` : error.message;
}

// actions/src/follow.ts
var WAIT_SECONDS = 20;
var FINISHED = /* @__PURE__ */ new Set(["completed", "failed", "stopped", "cancelled"]);
async function followPrompt(client, options2) {
  const lines = new ProgressLines();
  let after = options2.after;
  for (; ; ) {
    const left = options2.deadline === void 0 ? Infinity : options2.deadline - Date.now();
    if (left <= 0) return { result: await client.promptResult(options2.sessionId, options2.messageId), timedOut: true };
    if (left < 1e3) {
      await new Promise((resolve) => setTimeout(resolve, left));
      continue;
    }
    const wait = Math.min(WAIT_SECONDS, Math.floor(left / 1e3));
    const page = await client.events(options2.sessionId, { after, limit: 200, wait });
    let ended = false;
    for (const event of page.events) {
      after = event.seq;
      options2.onEvent?.(event);
      for (const line of lines.add(event)) options2.onLine?.(line);
      if (event.type === "execution_complete" && event.messageId === options2.messageId) ended = true;
    }
    if (ended || page.events.length === 0) {
      const result = await client.promptResult(options2.sessionId, options2.messageId);
      if (FINISHED.has(result.prompt.status)) {
        for (const line of lines.flush()) options2.onLine?.(line);
        return { result, timedOut: false };
      }
    }
  }
}
var ProgressLines = class {
  text = /* @__PURE__ */ new Map();
  add(event) {
    switch (event.type) {
      case "boot_phase":
        if (event.data.status === "failed") return [`\u2717 sandbox: ${event.data.phase} failed`];
        return event.data.status === "started" ? [`\u25B8 sandbox: ${event.data.phase}\u2026`] : [];
      case "sandbox_status":
        if (event.data.status === "ready") return [event.data.resumed ? "\u25B8 sandbox resumed" : "\u25B8 sandbox ready"];
        if (event.data.status === "failed") return [`\u2717 sandbox failed: ${event.data.error}`];
        return [`\u25B8 sandbox ${event.data.status}: ${event.data.reason}`];
      case "user_message":
        return [`\xBB prompt from ${event.data.author.name} (${event.data.model})`];
      case "token":
        this.text.set(event.data.partId, (this.text.get(event.data.partId) ?? "") + event.data.text);
        return [];
      case "tool_call": {
        if (event.data.status !== "completed" && event.data.status !== "error") return [];
        const mark = event.data.status === "completed" ? "\u2713" : "\u2717";
        const what = describeInput(event.data.input) || event.data.title;
        const line = `${mark} ${event.data.tool}${what ? `: ${what}` : ""}`;
        return [...this.flush(), event.data.error ? `${line} \u2014 ${event.data.error}` : line];
      }
      case "step_finish":
        return [
          ...this.flush(),
          `\xB7 step done (${event.data.tokens.input + event.data.tokens.output} tokens${event.data.cost > 0 ? `, $${event.data.cost.toFixed(4)}` : ""})`
        ];
      case "error":
        return [...this.flush(), `\u2717 ${event.data.name ? `${event.data.name}: ` : ""}${event.data.message}`];
      case "warning":
        return [`! ${event.data.message}`];
      case "git_push":
        return [`\u2191 pushed ${event.data.branch} at ${event.data.commit.slice(0, 7)}`];
      case "pull_request":
        return [`\u2197 pull request ${event.data.action}: ${event.data.url}`];
      case "execution_complete":
        return [
          ...this.flush(),
          event.data.success ? "\u25A0 finished" : `\u25A0 failed${event.data.reason ? `: ${event.data.reason}` : ""}`
        ];
      default:
        return [];
    }
  }
  /** The agent's text so far, as indented lines, once. */
  flush() {
    const text = [...this.text.values()].join("\n").trim();
    this.text.clear();
    return text ? text.split("\n").map((line) => `  ${line}`) : [];
  }
};
function describeInput(input) {
  if (!input || typeof input !== "object") return "";
  const fields = input;
  const value = fields.description ?? fields.command ?? fields.filePath ?? fields.path ?? fields.pattern;
  return typeof value === "string" ? value.split("\n")[0].slice(0, 120) : "";
}

// actions/src/cli.ts
var USAGE = `Usage: nightshift <command> [options]

  login --url <url> [--token <token>]   store a personal API token for a deployment (read from stdin without --token)
  run --repo <owner/name> <prompt\u2026>      start a session with a prompt and follow it
        [--branch <base>] [--model <m>] [--effort <e>] [--file <prompt file>] [--no-follow]
  prompt <session-id> <prompt\u2026>          send a prompt to a session and follow it [--file, --no-follow, --model, --effort]
  sessions [--repo <owner/name>] [--mine] list sessions, newest first
  follow <session-id>                    attach to the session's running prompt and follow it to its end
  stop <session-id>                      stop the session's running prompt

Every command takes --url <deployment> (else NIGHTSHIFT_URL, else the last login) and --json.
Tokens: NIGHTSHIFT_TOKEN, else the one login stored.`;
var UsageError = class extends Error {
};
var options = {
  url: { type: "string" },
  token: { type: "string" },
  repo: { type: "string" },
  branch: { type: "string" },
  model: { type: "string" },
  effort: { type: "string" },
  file: { type: "string" },
  /** Following is the default; --follow is accepted for clarity. */
  follow: { type: "boolean", default: true },
  "no-follow": { type: "boolean", default: false },
  mine: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false }
};
var parse = (args) => parseArgs({ args, options, allowPositionals: true });
async function main(argv) {
  const { values: flags, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  if (flags.help || !command) {
    console.log(USAGE);
    return command || flags.help ? 0 : 2;
  }
  if (command === "login") return login(flags);
  const client = await clientFor(flags);
  switch (command) {
    case "run":
      return run(client, flags, rest);
    case "prompt":
      return prompt(client, flags, rest);
    case "sessions":
      return sessions(client, flags);
    case "follow":
      return follow(client, flags, rest);
    case "stop":
      return stop(client, flags, rest);
    default:
      throw new UsageError(`There is no command "${command}": nightshift --help lists them.`);
  }
}
async function login(flags) {
  const url = normalize(flags.url ?? process.env.NIGHTSHIFT_URL ?? "");
  if (!url) throw new UsageError("Say which deployment: nightshift login --url https://nightshift.example.com");
  const token = (flags.token ?? await readStdin("Paste a personal API token (Settings \u2192 API tokens): ")).trim();
  if (!token) throw new UsageError("No token given.");
  await new NightshiftClient({ url, token, userAgent: "nightshift-cli" }).listRepositories();
  await saveToken(url, token);
  print(flags, { url, loggedIn: true }, `Logged in to ${url}.`);
  return 0;
}
async function run(client, flags, words) {
  if (!flags.repo) throw new UsageError("Say which repository: --repo owner/name.");
  const content = await promptText(flags, words);
  const repositoryId = await repositoryIdOf(client, flags.repo);
  const { session, messageId } = await client.startSession({
    repositoryId,
    baseBranch: flags.branch,
    model: flags.model,
    reasoningEffort: flags.effort,
    prompt: { content, clientRequestId: requestId() }
  });
  return followOrReturn(client, flags, session.id, messageId, 0);
}
async function prompt(client, flags, [sessionId, ...words]) {
  if (!sessionId) throw new UsageError("Say which session: nightshift prompt <session-id> <prompt\u2026>");
  const content = await promptText(flags, words);
  const { lastSeq } = await client.getSession(sessionId);
  const { message } = await client.sendPrompt(sessionId, {
    content,
    model: flags.model,
    reasoningEffort: flags.effort,
    clientRequestId: requestId()
  });
  return followOrReturn(client, flags, sessionId, message.id, lastSeq);
}
async function sessions(client, flags) {
  const repositoryId = flags.repo ? await repositoryIdOf(client, flags.repo) : void 0;
  const page = await client.listSessions({ repositoryId, mine: flags.mine });
  const lines = page.sessions.map(
    (session) => `${session.id}  ${session.status.padEnd(9)}  ${session.repository.owner}/${session.repository.name}  ${session.title ?? "(untitled)"}`
  );
  print(flags, page, lines.length > 0 ? lines.join("\n") : "No sessions.");
  return 0;
}
async function follow(client, flags, [sessionId]) {
  if (!sessionId) throw new UsageError("Say which session: nightshift follow <session-id>");
  const detail = await client.getSession(sessionId);
  const open = detail.messages.find((message) => message.status === "processing" || message.status === "pending");
  if (open) return followOrReturn(client, { ...flags, "no-follow": false }, sessionId, open.id, detail.lastSeq);
  const last = detail.messages.at(-1);
  if (!last) throw new UsageError("That session has no prompts yet.");
  const result = await client.promptResult(sessionId, last.id);
  const answer = result.answer ? `
${result.answer}
` : "";
  print(flags, result, `Nothing is running in this session; its last prompt's answer:
${answer}${closing(result)}`);
  return result.prompt.status === "completed" ? 0 : 1;
}
async function stop(client, flags, [sessionId]) {
  if (!sessionId) throw new UsageError("Say which session: nightshift stop <session-id>");
  const result = await client.stop(sessionId);
  print(flags, result, result.state === "stopped" ? "Stopped." : "Stopping: the sandbox was told to stop.");
  return 0;
}
async function followOrReturn(client, flags, sessionId, messageId, after) {
  const url = client.sessionUrl(sessionId);
  if (flags["no-follow"]) {
    print(flags, { sessionId, messageId, url }, `Session ${sessionId}: ${url}`);
    return 0;
  }
  if (!flags.json) console.error(`Session ${sessionId}: ${url}`);
  process.once("SIGINT", () => {
    if (!flags.json) console.error(`
Stopped following; the session goes on: ${url}`);
    process.exit(130);
  });
  const { result } = await followPrompt(client, {
    sessionId,
    messageId,
    after,
    onLine: flags.json ? void 0 : (line) => console.log(line)
  });
  print(flags, result, closing(result));
  return result.prompt.status === "completed" ? 0 : 1;
}
function closing(result) {
  const lines = [`
${result.prompt.status}${result.prompt.error ? `: ${result.prompt.error}` : ""}`];
  if (result.pullRequest) lines.push(`pull request: ${result.pullRequest.url}`);
  lines.push(`branch: ${result.session.branch}`);
  if (result.costUsd) lines.push(`cost: $${result.costUsd.toFixed(4)}`);
  lines.push(`session: ${result.session.url}`);
  return lines.join("\n");
}
async function clientFor(flags) {
  const found = await resolveLogin(flags.url);
  if (!found)
    throw new UsageError(
      "Not logged in: nightshift login --url <deployment> (or set NIGHTSHIFT_URL and NIGHTSHIFT_TOKEN)."
    );
  return new NightshiftClient({ ...found, userAgent: "nightshift-cli" });
}
async function repositoryIdOf(client, name) {
  const { repositories } = await client.listRepositories();
  const wanted = name.toLowerCase();
  const fullName = (repository) => `${repository.owner}/${repository.name}`;
  const exact = repositories.find(
    (repository) => repository.id === name || fullName(repository).toLowerCase() === wanted
  );
  const byName = repositories.filter((repository) => repository.name.toLowerCase() === wanted);
  if (!exact && byName.length > 1)
    throw new UsageError(`"${name}" could be ${byName.map(fullName).join(" or ")}: say which, as owner/name.`);
  const found = exact ?? byName[0];
  if (!found)
    throw new UsageError(
      `No repository "${name}" here. Known: ${repositories.map((repository) => `${repository.owner}/${repository.name}`).join(", ") || "none"}.`
    );
  return found.id;
}
async function promptText(flags, words) {
  if (flags.file) return flags.file === "-" ? readStdin() : readFile2(flags.file, "utf8");
  const text = words.join(" ");
  if (!text.trim()) throw new UsageError("Write the prompt after the command, or give --file <path> (- for stdin).");
  return text;
}
async function readStdin(question) {
  if (question && process.stdin.isTTY) process.stderr.write(question);
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
    if (question && process.stdin.isTTY && chunks.join("").includes("\n")) break;
  }
  return Buffer.concat(chunks).toString("utf8");
}
function requestId() {
  return `cli-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
}
function print(flags, json, text) {
  console.log(flags.json ? JSON.stringify(json, null, 2) : text);
}
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`nightshift: ${describeError(error)}`);
    process.exit(
      error instanceof UsageError || error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? 2 : error instanceof ApiError ? 3 : 1
    );
  }
);
