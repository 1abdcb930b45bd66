// A small seeded fuzzer for the control plane's doors: malformed values, bodies and headers from
// a seeded generator, plausible inputs read from JSON Schemas (then broken in one place), and a
// runner that sends each request with a time limit and describes, exactly, any that answered 5xx,
// hung or threw. One seed per run, printed; NIGHTSHIFT_FUZZ_SEED=<seed> replays a run.

import { expect } from "vitest";

export type Random = {
  next: () => number;
  int: (min: number, max: number) => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (probability: number) => boolean;
};

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)]!,
    chance: (probability) => next() < probability,
  };
}

/** The run's seed: NIGHTSHIFT_FUZZ_SEED when set (to replay a failure), else a fresh one. */
export const FUZZ_SEED = readSeed(process.env.NIGHTSHIFT_FUZZ_SEED);

function readSeed(value: string | undefined): number {
  if (value === undefined || value === "") return Math.floor(Math.random() * 2 ** 31);
  if (!/^\d+$/.test(value)) throw new Error(`NIGHTSHIFT_FUZZ_SEED must be a whole number, not "${value}".`);
  return Number(value);
}

/** A generator of its own for each door, so a door's cases do not depend on the others'. */
export function randomFor(door: string): Random {
  let hash = FUZZ_SEED >>> 0;
  for (const char of door) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return seededRandom(hash);
}

export const WEIRD_STRINGS: readonly string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0001\u0007\u001b[31m\u007f",
  "\ud800",
  "\udfff\ud800x",
  "👩‍💻🚀",
  "Ünïcødé — 中文 עברית",
  "\u202egnp.exe",
  "\u200b\ufeff",
  "../../../../etc/passwd",
  "%00",
  "%E0%A4%A",
  "%",
  "<script>alert(1)</script>",
  "' OR '1'='1' --",
  "${jndi:ldap://127.0.0.1/a}",
  "null",
  "NaN",
  "-1",
  "1e309",
  "__proto__",
  "constructor",
  "\n\r\t",
  "a".repeat(5_000),
  "Z".repeat(70_000),
];

const WEIRD_NUMBERS = [0, -1, 1.5, -0, 2 ** 31, 2 ** 31 - 1, 2 ** 53 + 2, -(2 ** 53), 1e308, Number.MAX_SAFE_INTEGER];

function nested(depth: number): unknown {
  let value: unknown = [];
  for (let index = 0; index < depth; index++) value = [value];
  return value;
}

/** A value of any JSON type, chosen to trip up whatever reads it. */
export function weirdValue(random: Random): unknown {
  return random.pick<() => unknown>([
    () => random.pick(WEIRD_STRINGS),
    () => random.pick(WEIRD_STRINGS),
    () => random.pick(WEIRD_NUMBERS),
    () => random.pick([true, false, null]),
    () => [],
    () => ({}),
    () => nested(random.int(50, 400)),
    () => JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}'),
    () => Array.from({ length: random.int(500, 2_000) }, () => random.pick(WEIRD_STRINGS.slice(0, 20))),
    () => ({ [random.pick(WEIRD_STRINGS)]: random.pick(WEIRD_STRINGS) }),
  ])();
}

/** Bodies that are not what any endpoint can read. */
export function brokenBody(random: Random): string {
  return random.pick<() => string>([
    () => random.pick(["", "{", "}", "[", '{"a":}', "{'a':1}", "nul", "\u0000", "\ufeff{}", '{"json":', "[1,2,"]),
    () => random.pick(['"unterminated', "{}{}", "1 2", '{"a":1,}', "NaN", "Infinity", "-", "null", "true", "[]"]),
    () => random.pick(WEIRD_STRINGS),
    () => `[${"1,".repeat(300_000)}1]`,
    () => "[".repeat(20_000) + "]".repeat(20_000),
    () => JSON.stringify({ a: "x".repeat(2_000_000) }),
    () => JSON.stringify(weirdValue(random)),
  ])();
}

/** Header values: a header carries only Latin-1 and no line breaks, so these stay within that. */
export function weirdHeaderValue(random: Random): string {
  return random.pick([
    "",
    " ",
    "\u00ff\u00e9\u0080",
    "x".repeat(8_000),
    "a b\tc",
    "undefined",
    "%00",
    "=?utf-8?b?8J+agA==?=",
  ]);
}

/** A URL carries UTF-8, which has no lone surrogates: those become U+FFFD, as a browser sends them. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

export const CONTENT_TYPES: readonly (string | undefined)[] = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "application/jsonl",
  "",
  undefined,
  "*/*",
];

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};

/**
 * A value shaped like `schema` wants, from `strings` (real ids, so that calls reach past their
 * lookups) and ordinary words: most of a request right, so one wrong field gets tested.
 */
export function plausible(schema: JsonSchema | undefined, random: Random, strings: readonly string[]): unknown {
  if (!schema) return weirdValue(random);
  if ("const" in schema) return schema.const;
  if (schema.enum) return random.pick(schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return plausible(random.pick(alternatives), random, strings);
  if (schema.allOf) return plausible(schema.allOf[0], random, strings);
  const type = Array.isArray(schema.type) ? random.pick(schema.type) : schema.type;
  switch (type) {
    case "string":
      if (schema.format === "uri") return "http://127.0.0.1:9/v1";
      if (schema.format === "email") return "ada@example.com";
      return random.pick([...strings, "main", "Fix the flaky test", "KEY", "API_KEY=abc"]).slice(0, schema.maxLength);
    case "integer":
    case "number":
      return Math.min(Math.max(random.int(0, 20), schema.minimum ?? 0), schema.maximum ?? 20);
    case "boolean":
      return random.chance(0.5);
    case "null":
      return null;
    case "array":
      return Array.from({ length: random.int(0, 3) }, () => plausible(schema.items, random, strings));
    case "object":
      return plausibleObject(schema, random, strings);
    default:
      return random.pick(strings);
  }
}

function plausibleObject(schema: JsonSchema, random: Random, strings: readonly string[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (schema.required?.includes(key) || random.chance(0.5)) object[key] = plausible(property, random, strings);
  }
  if (typeof schema.additionalProperties === "object")
    object.SOME_NAME = plausible(schema.additionalProperties, random, strings);
  return object;
}

/** `value` broken in one place: a field of the wrong type, a field missing, one unknown, or all of it. */
export function mutate(value: unknown, random: Random): unknown {
  const containers: Record<string, unknown>[] = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > 4 || typeof node !== "object" || node === null) return;
    containers.push(node as Record<string, unknown>);
    for (const child of Object.values(node)) walk(child, depth + 1);
  };
  walk(value, 0);
  if (containers.length === 0 || random.chance(0.15)) return weirdValue(random);
  const target = random.pick(containers);
  const keys = Object.keys(target);
  const key = keys.length > 0 && random.chance(0.8) ? random.pick(keys) : random.pick(["extra", "__proto__", "0"]);
  if (random.chance(0.15)) delete target[key];
  else target[key] = weirdValue(random);
  return value;
}

export type FuzzCase = {
  door: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Who is signed in, for doors that read the browser's session. */
  as?: string;
};

export const REQUEST_LIMIT_MS = 5_000;

export type Send = (request: Request, fuzzCase: FuzzCase) => Promise<Response>;

export type Outcome = { status?: number; problem?: string };

/**
 * Sends `fuzzCase` and reads the whole answer within the time limit: its status, and what went
 * wrong — a 5xx, a hang, or an exception escaping the handler — if anything did.
 */
export async function exercise(fuzzCase: FuzzCase, send: Send): Promise<Outcome> {
  // Built outside the guarded part: a request the fuzzer cannot build is the fuzzer's bug.
  const request = toRequest(fuzzCase);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ problem: `no answer within ${REQUEST_LIMIT_MS} ms` }), REQUEST_LIMIT_MS);
  });
  const answer = (async (): Promise<Outcome> => {
    try {
      const response = await send(request, fuzzCase);
      const text = await response.text();
      if (response.status >= 500)
        return { status: response.status, problem: `answered ${response.status}: ${excerpt(text)}` };
      return { status: response.status };
    } catch (error) {
      return { problem: `threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
    }
  })();
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function toRequest(fuzzCase: FuzzCase): Request {
  const hasBody = fuzzCase.body !== undefined && fuzzCase.method !== "GET" && fuzzCase.method !== "HEAD";
  return new Request(fuzzCase.url, {
    method: fuzzCase.method,
    headers: fuzzCase.headers,
    body: hasBody ? fuzzCase.body : undefined,
  });
}

/** Everything needed to see, and replay, a request that went wrong. */
export function describeFailure(fuzzCase: FuzzCase, index: number, problem: string): string {
  const body =
    fuzzCase.body === undefined
      ? []
      : [`  body (${fuzzCase.body.length} chars): ${excerpt(JSON.stringify(fuzzCase.body))}`];
  return [
    `${fuzzCase.door} #${index}: ${problem}`,
    `  ${fuzzCase.method} ${excerpt(fuzzCase.url)}${fuzzCase.as ? ` (${fuzzCase.as})` : ""}`,
    `  headers: ${excerpt(JSON.stringify(fuzzCase.headers))}`,
    ...body,
    `  replay: NIGHTSHIFT_FUZZ_SEED=${FUZZ_SEED}`,
  ].join("\n");
}

export function excerpt(text: string, length = 300): string {
  return text.length > length ? `${text.slice(0, length)}… (${text.length} chars)` : text;
}

/**
 * Runs one door's cases in order (so a seed replays them exactly), collecting the failures, and
 * prints how the door answered — a fuzz that only ever met 401 would have tested little.
 */
export async function fuzzDoor(door: string, cases: FuzzCase[], send: Send): Promise<string[]> {
  const failures: string[] = [];
  const statuses = new Map<string, number>();
  for (const [index, fuzzCase] of cases.entries()) {
    const { status, problem } = await exercise(fuzzCase, send);
    const key = String(status ?? "none");
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (problem) failures.push(describeFailure(fuzzCase, index, problem));
  }
  const tally = [...statuses].sort().map(([status, count]) => `${count}× ${status}`);
  console.log(`fuzz: ${door}: ${cases.length} requests answered ${tally.join(", ")}`);
  return failures;
}

/** Fails with every request that went wrong, each described so that it can be replayed. */
export function expectNoFailures(failures: string[]): void {
  const shown = failures.slice(0, 15).join("\n\n");
  expect(failures.length, `${failures.length} request(s) went wrong:\n\n${shown}\n\n`).toBe(0);
}

/** A Content-Type header: JSON most of the time, else any of CONTENT_TYPES (or none). */
export function contentType(random: Random): Record<string, string> {
  const type = random.chance(0.6) ? "application/json" : random.pick(CONTENT_TYPES);
  return type === undefined ? {} : { "content-type": type };
}
