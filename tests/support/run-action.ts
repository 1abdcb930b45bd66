// Runs the bundled GitHub Action (actions/dist/index.js) the way the runner does: inputs as
// INPUT_<NAME> variables, the run's GITHUB_* variables, and GITHUB_OUTPUT, GITHUB_STEP_SUMMARY
// and GITHUB_EVENT_PATH as files — then reads back the outputs, the summary and the log.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export type ActionRun = {
  exitCode: number;
  /** The log: stdout, with the runner's ::commands:: in it. */
  log: string;
  outputs: Record<string, string>;
  summary: string;
  /** The ::error:: annotations (what setFailed said). */
  errors: string[];
  /** How long the step took, in ms. */
  durationMs: number;
};

export type RunActionOptions = {
  inputs: Record<string, string>;
  /** The run: GITHUB_REPOSITORY, GITHUB_ACTOR and so on; ACTIONS_ID_TOKEN_REQUEST_* for OIDC. */
  env: Record<string, string>;
  event?: unknown;
  timeoutMs?: number;
};

const ACTION = path.resolve("actions/dist/index.js");

/** action.yml's inputs with a default, read as the runner reads them (the file keeps each on one line). */
async function inputDefaults(): Promise<Record<string, string>> {
  const yml = await readFile(path.resolve("actions/action.yml"), "utf8");
  const inputs = yml.slice(yml.indexOf("\ninputs:"), yml.indexOf("\noutputs:"));
  const defaults: Record<string, string> = {};
  for (const match of inputs.matchAll(/^ {2}([\w-]+):\n(?: {4}.*\n)*? {4}default: "(.*)"$/gm))
    defaults[match[1]!] = match[2]!;
  return defaults;
}

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "nightshift-action-"));
  const files = {
    GITHUB_OUTPUT: path.join(dir, "output"),
    GITHUB_STEP_SUMMARY: path.join(dir, "summary.md"),
    GITHUB_STATE: path.join(dir, "state"),
    GITHUB_ENV: path.join(dir, "env"),
    GITHUB_EVENT_PATH: path.join(dir, "event.json"),
  };
  for (const file of Object.values(files)) await writeFile(file, "");
  await writeFile(files.GITHUB_EVENT_PATH, JSON.stringify(options.event ?? { inputs: {} }));
  // As the runner does: action.yml's defaults for inputs the step leaves out.
  const inputs = Object.fromEntries(
    Object.entries({ ...(await inputDefaults()), ...options.inputs }).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, "_").toUpperCase()}`,
      value,
    ]),
  );
  const started = Date.now();
  const child = spawn(process.execPath, [ACTION], {
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RUNNER_TEMP: dir,
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_RUN_ID: String(7_000_000 + Math.floor(Math.random() * 1_000_000)),
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_JOB: "nightshift",
      GITHUB_ACTION: "__run",
      GITHUB_EVENT_NAME: "workflow_dispatch",
      GITHUB_WORKFLOW_REF: "acme/engine/.github/workflows/nightshift.yml@refs/heads/main",
      ...files,
      ...inputs,
      ...options.env,
    },
  });
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exitCode = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the action did not end within ${options.timeoutMs ?? 180_000} ms:\n${log}`));
    }, options.timeoutMs ?? 180_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
  return {
    exitCode,
    log,
    outputs: parseOutputs(await readFile(files.GITHUB_OUTPUT, "utf8")),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, "utf8"),
    errors: [...log.matchAll(/^::error::(.*)$/gm)].map((match) => match[1]!.replace(/%0A/g, "\n")),
    durationMs: Date.now() - started,
  };
}

/** GITHUB_OUTPUT's heredoc form: name<<DELIMITER, the value's lines, DELIMITER. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const start = /^([^<]+)<<(.+)$/.exec(lines[index]!);
    if (!start) continue;
    const value: string[] = [];
    for (index += 1; index < lines.length && lines[index] !== start[2]; index += 1) value.push(lines[index]!);
    outputs[start[1]!] = value.join("\n");
  }
  return outputs;
}
