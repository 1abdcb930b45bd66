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
} satisfies NextConfig;

export default config;
