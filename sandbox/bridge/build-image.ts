// `bridge.mjs build-image`: the part of a repository image's build that runs inside the sandbox.
// The provider has cloned the repository into <workspace>/repo already (the sandbox never holds
// the credentials); this runs its setup.sh in build mode, its output going straight to the
// provider, and exits with the script's exit code (124 when it ran out of time). docs/sessions.md#images.
import { spawn } from "node:child_process";
import path from "node:path";
import { DEFAULT_SETUP_TIMEOUT_SECONDS } from "../../server/sandboxes/time-limits";
import { findScript, scriptEnv } from "./boot";
import { BRIDGE_ENV } from "./protocol";

export const BUILD_TIMED_OUT_EXIT_CODE = 124;

export async function buildImage(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const repoDir = path.join(env[BRIDGE_ENV.workspace] || "/workspace", "repo");
  const script = findScript(repoDir, "setup.sh");
  if (!script) {
    console.log("No .nightshift/setup.sh (or .openinspect/setup.sh): the image is the clone alone.");
    return 0;
  }
  const seconds = Number(env[BRIDGE_ENV.setupTimeout]) || DEFAULT_SETUP_TIMEOUT_SECONDS;
  console.log(`$ bash ${path.relative(repoDir, script)}`);
  return new Promise((resolve) => {
    const child = spawn("bash", [script], {
      cwd: repoDir,
      env: { ...scriptEnv(), NIGHTSHIFT_BOOT_MODE: "build", OPENINSPECT_BOOT_MODE: "build" },
      stdio: ["ignore", "inherit", "inherit"],
      detached: true,
    });
    const timer = setTimeout(() => {
      console.log(`\n${path.relative(repoDir, script)} did not finish within ${seconds} s.`);
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
      resolve(BUILD_TIMED_OUT_EXIT_CODE);
    }, seconds * 1000);
    child.on("error", (error) => {
      clearTimeout(timer);
      console.log(error.message);
      resolve(127);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}
