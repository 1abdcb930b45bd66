// Builds the sandbox bridge once per test run, before any test file starts a sandbox.
import { buildBridge } from "../../scripts/build-bridge";

export default async function setup(): Promise<void> {
  await buildBridge();
}
