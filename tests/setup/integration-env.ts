// Points the server code under test at this run's database. Runs before each test file
// imports anything from server/, so server/env.ts reads these values.
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { freePort } from "../../scripts/lib/app-process";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.NIGHTSHIFT_SECRETS_KEY = inject("secretsKey");
process.env.AUTH_SECRET ??= "integration-tests-secret-that-is-long-enough";
process.env.LOG_LEVEL ??= "warn";
// Each test file gets its own data directory (local sandboxes live there).
process.env.NIGHTSHIFT_DATA_DIR = path.join(os.tmpdir(), `nightshift-it-${randomBytes(4).toString("hex")}`);
// The ports a test file's session loop listens on (tests/support/session-loop.ts): the control
// plane's sandbox endpoints, and the fake model server the custom endpoint names ("fake-coder").
process.env.NIGHTSHIFT_URL = `http://127.0.0.1:${await freePort()}`;
process.env.NIGHTSHIFT_MODEL_BASE_URL = `http://127.0.0.1:${await freePort()}/v1`;
process.env.NIGHTSHIFT_MODEL_NAMES ??= "fake-coder";
// Each test file has an administrator of its own (tests/factories.ts administrator()).
process.env.NIGHTSHIFT_ADMINS = `admin-${randomBytes(4).toString("hex")}@nightshift.test`;
