// The sandbox's home, made ready before git and OpenCode run in it — by the bridge itself, so any
// provider's sandbox gets the same one.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The OpenCode version Nightshift ships (node_modules/opencode-ai), put in by scripts/build-bridge.ts. */
declare const NIGHTSHIFT_OPENCODE_VERSION: string;

export function prepareHome(home: string): void {
  // The workspace and a local repository may belong to another uid inside the sandbox's user
  // namespace; git would refuse them as "dubious ownership".
  writeFileSync(path.join(home, ".gitconfig"), "[safe]\n\tdirectory = *\n[init]\n\tdefaultBranch = main\n");
  preseedOpencodeConfigDir(path.join(home, ".config", "opencode"));
}

/**
 * At startup OpenCode installs @opencode-ai/plugin into its config folder unless that folder's
 * package.json and package-lock.json already name it and node_modules exists (it compares names
 * only). Without this, every sandbox would try an npm install: slow, ~170 MB more memory, and a
 * warning wherever the registry cannot be reached. Nightshift installs no plugins of its own yet.
 */
function preseedOpencodeConfigDir(configDir: string): void {
  const version = typeof NIGHTSHIFT_OPENCODE_VERSION === "string" ? NIGHTSHIFT_OPENCODE_VERSION : "latest";
  mkdirSync(path.join(configDir, "node_modules"), { recursive: true });
  const dependencies = { "@opencode-ai/plugin": version };
  writeFileSync(path.join(configDir, "package.json"), JSON.stringify({ dependencies }));
  writeFileSync(
    path.join(configDir, "package-lock.json"),
    JSON.stringify({ lockfileVersion: 3, packages: { "": { dependencies } } }),
  );
}
