// Bundles the GitHub Action and the command line (actions/src) into actions/dist/index.js and
// actions/dist/cli.js: one file each that plain Node runs, @actions/core inlined (it is ESM
// only). The bundles are committed, since GitHub runs an action from the repository as it is.
// `npm run build:action`; `npm run build:action -- --check` fails when the committed bundles
// are not what the sources build to (CI runs it).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { build, type BuildOptions } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const outdir = path.join(root, "actions/dist");

const options: BuildOptions = {
  entryPoints: { index: path.join(root, "actions/src/main.ts"), cli: path.join(root, "actions/src/cli.ts") },
  outdir,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  legalComments: "none",
  logLevel: "warning",
  // Some of @actions/core's dependencies are CommonJS and require Node's own modules.
  banner: {
    js: [
      "#!/usr/bin/env node",
      "// Built by scripts/build-action.ts from actions/src: do not edit.",
      'import { createRequire as __nightshiftCreateRequire } from "node:module";',
      "const require = __nightshiftCreateRequire(import.meta.url);",
    ].join("\n"),
  },
};

export async function buildAction(): Promise<string[]> {
  const result = await build({ ...options, metafile: true });
  return Object.keys(result.metafile.outputs);
}

/** The files that differ between the committed bundles and what the sources build to. */
export async function staleBundles(): Promise<string[]> {
  const result = await build({ ...options, write: false });
  const stale: string[] = [];
  for (const file of result.outputFiles) {
    const committed = await readFile(file.path, "utf8").catch(() => null);
    if (committed !== file.text) stale.push(path.relative(root, file.path));
  }
  return stale;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes("--check")) {
    const stale = await staleBundles();
    if (stale.length > 0) {
      console.error(
        `action: ${stale.join(" and ")} ${stale.length > 1 ? "are" : "is"} not what actions/src builds to: run npm run build:action and commit the result.`,
      );
      process.exit(1);
    }
    console.log("action: actions/dist is up to date with actions/src");
  } else {
    const files = await buildAction();
    console.log(`action: built ${files.join(", ")}`);
  }
}
