// Loads .env files the way Next.js does (so scripts and the app see the same values), then
// validates them with server/env.ts. A bad configuration ends the script with the message.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import nextEnv from "@next/env";
import { dataDirOf, type Env, EnvError, parseEnv } from "../../server/env";

export type ProjectEnv = { env: Env; source: Record<string, string | undefined> };

export async function loadProjectEnv(options: {
  nodeEnv: "development" | "production";
  /** Keep a generated AUTH_SECRET and secrets key under the data directory when none is configured. */
  managesGeneratedSecrets?: boolean;
}): Promise<ProjectEnv> {
  nextEnv.loadEnvConfig(process.cwd(), options.nodeEnv === "development", { info: () => {}, error: console.error });
  const source: Record<string, string | undefined> = { ...process.env, NODE_ENV: options.nodeEnv };
  if (options.managesGeneratedSecrets && !source.AUTH_SECRET?.trim()) {
    source.AUTH_SECRET = await managedSecret(dataDirOf(source), "auth-secret", () =>
      randomBytes(32).toString("base64url"),
    );
  }
  if (options.managesGeneratedSecrets && !source.NIGHTSHIFT_SECRETS_KEY?.trim()) {
    source.NIGHTSHIFT_SECRETS_KEY = await managedSecret(
      dataDirOf(source),
      "secrets-key",
      () => randomBytes(32).toString("base64"),
      (made) =>
        console.log(
          `secrets: generated an encryption key in ${made}; back it up, or set NIGHTSHIFT_SECRETS_KEY (docs/secrets.md)`,
        ),
    );
  }
  try {
    return { env: parseEnv(source), source };
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** A random secret generated once per installation and kept in the data directory, readable only by its owner. */
async function managedSecret(
  dataDir: string,
  name: string,
  generate: () => string,
  onMade?: (file: string) => void,
): Promise<string> {
  const file = path.join(dataDir, name);
  const existing = (await readFile(file, "utf8").catch(() => "")).trim();
  if (existing.length >= 32) return existing;
  const secret = generate();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  onMade?.(file);
  return secret;
}
