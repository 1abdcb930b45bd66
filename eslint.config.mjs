import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [
      ".next/**",
      ".nightshift/**",
      "node_modules/**",
      "server/generated/**",
      "sandbox/bridge/dist/**",
      "actions/dist/**",
      "next-env.d.ts",
      "coverage/**",
    ],
  },
  {
    rules: {
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "prefer-const": "error",
      "no-else-return": ["error", { allowElseIf: false }],
    },
  },
  {
    // Only server/env.ts reads the environment; scripts, tests and Next's own hooks are exempt.
    files: ["server/**/*.ts", "app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["server/env.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through getEnv() in server/env.ts." },
      ],
    },
  },
];

export default config;
