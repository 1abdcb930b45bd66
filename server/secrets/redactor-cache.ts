// What event redaction (./redact.ts) last read, per repository, and forgetting it when a secret or
// a provider's key changes. Apart from redact.ts, which reads the values through
// ./sandbox-credentials.ts and ./secrets.ts, so that those can forget without importing it.
export type Redactor = Array<{ name: string; value: string }>;

const store = globalThis as typeof globalThis & {
  nightshiftRedactors?: Map<string, { at: number; redactor: Redactor }>;
};
export const redactorCache = (store.nightshiftRedactors ??= new Map());

/** Forgets what was read (a secret was saved or deleted, a provider's key changed). */
export function forgetRedactors(): void {
  redactorCache.clear();
}
