// Where the command line keeps its tokens: $XDG_CONFIG_HOME/nightshift/config.json (else
// ~/.config/…), readable by its owner only, one token per deployment and the one used last.
// NIGHTSHIFT_URL and NIGHTSHIFT_TOKEN, or --url, take precedence.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export type CliConfig = { current?: string; tokens: Record<string, string> };

export function configPath(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(base, "nightshift", "config.json");
}

export async function readConfig(): Promise<CliConfig> {
  try {
    const parsed = JSON.parse(await readFile(configPath(), "utf8")) as Partial<CliConfig>;
    return { current: parsed.current, tokens: parsed.tokens ?? {} };
  } catch {
    return { tokens: {} };
  }
}

export async function saveToken(url: string, token: string): Promise<void> {
  const config = await readConfig();
  const file = configPath();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const next: CliConfig = { current: url, tokens: { ...config.tokens, [url]: token } };
  await writeFile(file, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
}

/** The deployment and token to use: flags, then the environment, then the file. */
export async function resolveLogin(flagUrl: string | undefined): Promise<{ url: string; token: string } | null> {
  const config = await readConfig();
  const url = normalize(flagUrl ?? process.env.NIGHTSHIFT_URL ?? config.current ?? "");
  if (!url) return null;
  const token = process.env.NIGHTSHIFT_TOKEN || config.tokens[url];
  return token ? { url, token } : null;
}

export function normalize(url: string): string {
  return url.trim().replace(/\/+$/, "");
}
