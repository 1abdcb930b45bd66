// Loads .env files the way Next.js does (so scripts and the app see the same values), then
// validates them with server/env.ts. A bad configuration ends the script with the message.
import nextEnv from "@next/env";
import { type Env, EnvError, parseEnv } from "../../server/env";

export function loadProjectEnv(options: { isDev: boolean }): Env {
  nextEnv.loadEnvConfig(process.cwd(), options.isDev, { info: () => {}, error: console.error });
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
