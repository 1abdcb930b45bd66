// `nightshift`, the command line: the GitHub Action's client, for a terminal. `login` stores a
// token; `run` starts a session and follows it live; `prompt` continues one; `sessions` lists;
// `follow` attaches to a running prompt; `stop` stops it. `--json` prints what scripts read.
// Exit codes: 0 the prompt completed, 1 it failed (or was stopped), 2 the command was wrong,
// 3 Nightshift refused or could not be reached, 130 interrupted (the session goes on).
// docs/github-action.md#the-command-line.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { normalize, resolveLogin, saveToken } from "./cli-config";
import { ApiError, describeError, NightshiftClient, type Result } from "./client";
import { followPrompt } from "./follow";

const USAGE = `Usage: nightshift <command> [options]

  login --url <url> [--token <token>]   store a personal API token for a deployment (read from stdin without --token)
  run --repo <owner/name> <prompt…>      start a session with a prompt and follow it
        [--branch <base>] [--model <m>] [--effort <e>] [--file <prompt file>] [--no-follow]
  prompt <session-id> <prompt…>          send a prompt to a session and follow it [--file, --no-follow, --model, --effort]
  sessions [--repo <owner/name>] [--mine] list sessions, newest first
  follow <session-id>                    attach to the session's running prompt and follow it to its end
  stop <session-id>                      stop the session's running prompt

Every command takes --url <deployment> (else NIGHTSHIFT_URL, else the last login) and --json.
Tokens: NIGHTSHIFT_TOKEN, else the one login stored.`;

class UsageError extends Error {}

const options = {
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
  help: { type: "boolean", short: "h", default: false },
} as const;

type Flags = ReturnType<typeof parse>["values"];
const parse = (args: string[]) => parseArgs({ args, options, allowPositionals: true });

async function main(argv: string[]): Promise<number> {
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

async function login(flags: Flags): Promise<number> {
  const url = normalize(flags.url ?? process.env.NIGHTSHIFT_URL ?? "");
  if (!url) throw new UsageError("Say which deployment: nightshift login --url https://nightshift.example.com");
  const token = (flags.token ?? (await readStdin("Paste a personal API token (Settings → API tokens): "))).trim();
  if (!token) throw new UsageError("No token given.");
  // Checked before it is stored: a request any valid token may make.
  await new NightshiftClient({ url, token, userAgent: "nightshift-cli" }).listRepositories();
  await saveToken(url, token);
  print(flags, { url, loggedIn: true }, `Logged in to ${url}.`);
  return 0;
}

async function run(client: NightshiftClient, flags: Flags, words: string[]): Promise<number> {
  if (!flags.repo) throw new UsageError("Say which repository: --repo owner/name.");
  const content = await promptText(flags, words);
  const repositoryId = await repositoryIdOf(client, flags.repo);
  const { session, messageId } = await client.startSession({
    repositoryId,
    baseBranch: flags.branch,
    model: flags.model,
    reasoningEffort: flags.effort,
    prompt: { content, clientRequestId: requestId() },
  });
  return followOrReturn(client, flags, session.id, messageId, 0);
}

async function prompt(client: NightshiftClient, flags: Flags, [sessionId, ...words]: string[]): Promise<number> {
  if (!sessionId) throw new UsageError("Say which session: nightshift prompt <session-id> <prompt…>");
  const content = await promptText(flags, words);
  const { lastSeq } = await client.getSession(sessionId);
  const { message } = await client.sendPrompt(sessionId, {
    content,
    model: flags.model,
    reasoningEffort: flags.effort,
    clientRequestId: requestId(),
  });
  return followOrReturn(client, flags, sessionId, message.id, lastSeq);
}

async function sessions(client: NightshiftClient, flags: Flags): Promise<number> {
  const repositoryId = flags.repo ? await repositoryIdOf(client, flags.repo) : undefined;
  const page = await client.listSessions({ repositoryId, mine: flags.mine });
  const lines = page.sessions.map(
    (session) =>
      `${session.id}  ${session.status.padEnd(9)}  ${session.repository.owner}/${session.repository.name}  ${session.title ?? "(untitled)"}`,
  );
  print(flags, page, lines.length > 0 ? lines.join("\n") : "No sessions.");
  return 0;
}

async function follow(client: NightshiftClient, flags: Flags, [sessionId]: string[]): Promise<number> {
  if (!sessionId) throw new UsageError("Say which session: nightshift follow <session-id>");
  const detail = await client.getSession(sessionId);
  const open = detail.messages.find((message) => message.status === "processing" || message.status === "pending");
  if (open) return followOrReturn(client, { ...flags, "no-follow": false }, sessionId, open.id, detail.lastSeq);
  const last = detail.messages.at(-1);
  if (!last) throw new UsageError("That session has no prompts yet.");
  // Nothing to follow: the last prompt's result.
  const result = await client.promptResult(sessionId, last.id);
  const answer = result.answer ? `\n${result.answer}\n` : "";
  print(flags, result, `Nothing is running in this session; its last prompt's answer:\n${answer}${closing(result)}`);
  return result.prompt.status === "completed" ? 0 : 1;
}

async function stop(client: NightshiftClient, flags: Flags, [sessionId]: string[]): Promise<number> {
  if (!sessionId) throw new UsageError("Say which session: nightshift stop <session-id>");
  const result = await client.stop(sessionId);
  print(flags, result, result.state === "stopped" ? "Stopped." : "Stopping: the sandbox was told to stop.");
  return 0;
}

async function followOrReturn(
  client: NightshiftClient,
  flags: Flags,
  sessionId: string,
  messageId: string,
  after: number,
): Promise<number> {
  const url = client.sessionUrl(sessionId);
  if (flags["no-follow"]) {
    print(flags, { sessionId, messageId, url }, `Session ${sessionId}: ${url}`);
    return 0;
  }
  if (!flags.json) console.error(`Session ${sessionId}: ${url}`);
  process.once("SIGINT", () => {
    if (!flags.json) console.error(`\nStopped following; the session goes on: ${url}`);
    process.exit(130);
  });
  const { result } = await followPrompt(client, {
    sessionId,
    messageId,
    after,
    onLine: flags.json ? undefined : (line) => console.log(line),
  });
  print(flags, result, closing(result));
  return result.prompt.status === "completed" ? 0 : 1;
}

function closing(result: Result): string {
  const lines = [`\n${result.prompt.status}${result.prompt.error ? `: ${result.prompt.error}` : ""}`];
  if (result.pullRequest) lines.push(`pull request: ${result.pullRequest.url}`);
  lines.push(`branch: ${result.session.branch}`);
  if (result.costUsd) lines.push(`cost: $${result.costUsd.toFixed(4)}`);
  lines.push(`session: ${result.session.url}`);
  return lines.join("\n");
}

async function clientFor(flags: Flags): Promise<NightshiftClient> {
  const found = await resolveLogin(flags.url);
  if (!found)
    throw new UsageError(
      "Not logged in: nightshift login --url <deployment> (or set NIGHTSHIFT_URL and NIGHTSHIFT_TOKEN).",
    );
  return new NightshiftClient({ ...found, userAgent: "nightshift-cli" });
}

async function repositoryIdOf(client: NightshiftClient, name: string): Promise<string> {
  const { repositories } = await client.listRepositories();
  const wanted = name.toLowerCase();
  const fullName = (repository: { owner: string; name: string }) => `${repository.owner}/${repository.name}`;
  const exact = repositories.find(
    (repository) => repository.id === name || fullName(repository).toLowerCase() === wanted,
  );
  const byName = repositories.filter((repository) => repository.name.toLowerCase() === wanted);
  if (!exact && byName.length > 1)
    throw new UsageError(`"${name}" could be ${byName.map(fullName).join(" or ")}: say which, as owner/name.`);
  const found = exact ?? byName[0];
  if (!found)
    throw new UsageError(
      `No repository "${name}" here. Known: ${repositories.map((repository) => `${repository.owner}/${repository.name}`).join(", ") || "none"}.`,
    );
  return found.id;
}

async function promptText(flags: Flags, words: string[]): Promise<string> {
  if (flags.file) return flags.file === "-" ? readStdin() : readFile(flags.file, "utf8");
  const text = words.join(" ");
  if (!text.trim()) throw new UsageError("Write the prompt after the command, or give --file <path> (- for stdin).");
  return text;
}

async function readStdin(question?: string): Promise<string> {
  if (question && process.stdin.isTTY) process.stderr.write(question);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (question && process.stdin.isTTY && chunks.join("").includes("\n")) break;
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A prompt's key: the command's retries of one request queue it once. */
function requestId(): string {
  return `cli-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
}

function print(flags: Flags, json: unknown, text: string): void {
  console.log(flags.json ? JSON.stringify(json, null, 2) : text);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`nightshift: ${describeError(error)}`);
    process.exit(
      error instanceof UsageError || (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
        ? 2
        : error instanceof ApiError
          ? 3
          : 1,
    );
  },
);
