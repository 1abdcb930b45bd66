// Points the server code under test at this run's database. Runs before each test file
// imports anything from server/, so server/env.ts reads these values.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "integration-tests-secret-that-is-long-enough";
// A custom model endpoint, so sessions have a configured model (the fake model server's name).
process.env.NIGHTSHIFT_MODEL_BASE_URL ??= "http://127.0.0.1:9/v1";
process.env.NIGHTSHIFT_MODEL_NAMES ??= "fake-coder";
