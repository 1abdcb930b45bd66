import type { NextConfig } from "next";

const config = {
  // The Prisma client and the database drivers stay out of the server bundle: they load
  // WebAssembly and native-looking modules that bundling would break.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "@electric-sql/pglite"],
  typedRoutes: true,
  poweredByHeader: false,
} satisfies NextConfig;

export default config;
