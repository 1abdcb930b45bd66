import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React Server Components; tests call server code directly.
      "server-only": path.join(root, "tests/setup/empty-module.ts"),
    },
  },
  test: {
    // next-auth imports "next/server" without a file extension, which Node's ESM resolver
    // refuses; letting Vite process it resolves the import as Next.js's bundler would.
    server: { deps: { inline: ["next-auth"] } },
    // Most of an integration test's time is spent waiting (on OpenCode, git, the database), so two
    // files run side by side even on a 2-core machine, where vitest's default is one.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/setup/database.ts", "tests/setup/bridge.ts"],
          setupFiles: ["tests/setup/integration-env.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.spec.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // Its own group: one file at a time, after the others when run together.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
