// A small structured logger: one line per record, `level message {context}`. Secrets are
// never passed to it; callers log identifiers, not tokens.
import { getEnv } from "./env";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;
export type LogContext = Record<string, unknown>;

function write(level: Level, message: string, context?: LogContext): void {
  if (LEVELS[level] < LEVELS[getEnv().LOG_LEVEL]) return;
  const suffix = context && Object.keys(context).length > 0 ? ` ${JSON.stringify(context, serialise)}` : "";
  const line = `${new Date().toISOString()} ${level.padEnd(5)} ${message}${suffix}`;
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

function serialise(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export const logger = {
  debug: (message: string, context?: LogContext) => write("debug", message, context),
  info: (message: string, context?: LogContext) => write("info", message, context),
  warn: (message: string, context?: LogContext) => write("warn", message, context),
  error: (message: string, context?: LogContext) => write("error", message, context),
};
