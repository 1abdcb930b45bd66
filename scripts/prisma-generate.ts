// Generates the Prisma client (server/generated/prisma), run by `npm install` and
// `npm run db:generate`. Prisma's CLI downloads its native schema engine before any command,
// even though generating needs none; pointing PRISMA_SCHEMA_ENGINE_BINARY at an existing file
// skips that download, so this works offline. (A real engine path set by you is kept.)
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
const placeholderEngine = fileURLToPath(import.meta.url);

const result = spawnSync(process.execPath, [prismaCli, "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholderEngine,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
process.exit(result.status ?? 1);
