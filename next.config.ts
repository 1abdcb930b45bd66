import type { NextConfig } from "next";

const config = {
  // The Prisma client and the database drivers stay out of the server bundle: they load
  // WebAssembly and native-looking modules that bundling would break.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "@electric-sql/pglite"],
  typedRoutes: true,
  poweredByHeader: false,
  // The dev server serves its resources only to localhost by default; 127.0.0.1 is the same
  // machine, and without it a page opened at http://127.0.0.1:3000 never becomes interactive.
  allowedDevOrigins: ["127.0.0.1"],
  // Read from disk at run time, which file tracing cannot see: the bridge a Vercel sandbox is
  // given, and the OpenCode version snapshots are marked with (server/sandboxes/vercel).
  outputFileTracingIncludes: {
    "/api/**": ["./sandbox/bridge/dist/bridge.mjs", "./node_modules/opencode-ai/package.json"],
  },
} satisfies NextConfig;

export default config;
