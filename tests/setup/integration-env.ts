// Points the server code under test at this run's database. Runs before each test file
// imports anything from server/, so server/env.ts reads these values.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "integration-tests-secret-that-is-long-enough";
