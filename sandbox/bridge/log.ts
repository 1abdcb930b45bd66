// The bridge logs one line per record to stderr, which the provider keeps in bridge.log.
export function log(message: string, context?: Record<string, unknown>): void {
  const suffix = context
    ? ` ${JSON.stringify(context, (_key, value: unknown) => (value instanceof Error ? value.message : value))}`
    : "";
  process.stderr.write(`${new Date().toISOString()} bridge: ${message}${suffix}\n`);
}
