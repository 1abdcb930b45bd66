// Bundles the sandbox bridge (sandbox/bridge/main.ts and what it imports, zod included) into one
// file that plain Node runs inside a sandbox: sandbox/bridge/dist/bridge.mjs. The agent's tools
// (sandbox/tools) are bundled first and carried inside it as text, with the OpenCode version.
// `npm run build:bridge`; also run by npm install, npm run dev / npm start and npm test.
import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const outfile = path.join(root, "sandbox/bridge/dist/bridge.mjs");

export async function buildBridge(): Promise<string> {
  // The agent's tools, each one self-contained file the bridge writes into OpenCode's tools folder.
  const tool = await build({
    entryPoints: [path.join(root, "sandbox/tools/create-pull-request.ts")],
    write: false,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: true,
    logLevel: "warning",
  });
  await build({
    entryPoints: [path.join(root, "sandbox/bridge/main.ts")],
    define: {
      NIGHTSHIFT_CREATE_PULL_REQUEST_TOOL: JSON.stringify(tool.outputFiles[0]!.text),
      NIGHTSHIFT_OPENCODE_VERSION: JSON.stringify(opencodeVersion()),
    },
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "warning",
    banner: { js: "// Built by scripts/build-bridge.ts from sandbox/bridge: do not edit." },
  });
  return outfile;
}

/** The OpenCode npm installed: the version sandboxes run, whichever provider starts them. */
function opencodeVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(root, "node_modules/opencode-ai/package.json"), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = await buildBridge();
  console.log(`bridge: built ${path.relative(root, file)}`);
}
