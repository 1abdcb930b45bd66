// The private home directory a local sandbox starts with.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function prepareAgentHome(home: string): void {
  // The workspace and the local repository may belong to another uid inside the sandbox's user
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
  const version = opencodePluginVersion();
  mkdirSync(path.join(configDir, "node_modules"), { recursive: true });
  const dependencies = { "@opencode-ai/plugin": version };
  writeFileSync(path.join(configDir, "package.json"), JSON.stringify({ dependencies }));
  writeFileSync(
    path.join(configDir, "package-lock.json"),
    JSON.stringify({ lockfileVersion: 3, packages: { "": { dependencies } } }),
  );
}

function opencodePluginVersion(): string {
  const manifest = JSON.parse(readFileSync(path.resolve("node_modules/opencode-ai/package.json"), "utf8")) as {
    version: string;
  };
  return manifest.version;
}
