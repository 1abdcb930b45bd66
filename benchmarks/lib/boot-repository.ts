// bench:boot's repository, and the network npm installs from, which sealed sandboxes must reach.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Where npm installs from, when it is off the public internet (a mirror on this network): a
 * sealed sandbox reaches it only when the operator lists it, as one would for an internal mirror.
 */
export async function registryNetworks(): Promise<string> {
  const { lookup } = await import("node:dns/promises");
  const { nonPublicReason } = await import("../../server/sandboxes/egress-policy");
  const registry = new URL(execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" }).trim());
  const addresses = (await lookup(registry.hostname, { all: true })).map((entry) => entry.address);
  const internal = addresses.filter((address) => nonPublicReason(address) !== null);
  if (internal.length > 0)
    console.log(`(npm's registry is at ${internal.join(", ")} here: listed in NIGHTSHIFT_EGRESS_INTERNAL_NETWORKS)`);
  return internal.join(",");
}

/** A repository whose setup.sh installs a real dependency with npm. */
export async function createRepository(root: string): Promise<string> {
  const dir = path.join(root, `repo-${randomBytes(4).toString("hex")}`);
  await mkdir(path.join(dir, ".nightshift"), { recursive: true });
  await writeFile(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "bench-app", private: true, dependencies: { "is-number": "7.0.0" } }),
  );
  await writeFile(path.join(dir, ".gitignore"), "node_modules/\n");
  await writeFile(path.join(dir, "index.js"), "module.exports = require('is-number');\n");
  await writeFile(path.join(dir, ".nightshift/setup.sh"), "npm install --no-audit --no-fund --loglevel=error\n");
  await writeFile(path.join(dir, ".nightshift/start.sh"), "test -d node_modules/is-number\n");
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "Bench",
        GIT_AUTHOR_EMAIL: "bench@example.com",
        GIT_COMMITTER_NAME: "Bench",
        GIT_COMMITTER_EMAIL: "bench@example.com",
      },
    });
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "A small app");
  return dir;
}
