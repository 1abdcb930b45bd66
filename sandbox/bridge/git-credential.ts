// git's credential helper inside a sandbox: `node bridge.mjs git-credential get`, configured
// only on the bridge's own git commands (-c credential.helper=…), never in a git config file.
// For "get" it asks the control plane, with the sandbox's token, for credentials for the
// session's repository and hands them to git on stdout; git keeps them in memory for that one
// command. "store" and "erase" keep nothing. See docs/github.md#clone-and-push.
import { createControlPlane } from "./control-plane";
import { BRIDGE_ENV, BRIDGE_PATHS, gitCredentialsReplySchema } from "./protocol";

/** The `credential.helper` value that runs this helper with this Node and this bridge bundle. */
export function credentialHelperCommand(): string {
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  return `!${quote(process.execPath)} ${quote(process.argv[1] ?? "")} git-credential`;
}

export async function runGitCredentialHelper(operation: string | undefined): Promise<number> {
  // git sends the request (protocol, host, path…) on stdin; it must be read even when unused.
  for await (const _chunk of process.stdin) {
    // The repository is the session's: nothing in the request changes the answer.
  }
  if (operation !== "get") return 0;
  const url = process.env[BRIDGE_ENV.controlPlaneUrl];
  const token = process.env[BRIDGE_ENV.token];
  if (!url || !token) {
    process.stderr.write("nightshift credential helper: this is not the bridge's environment; no credentials.\n");
    return 0;
  }
  try {
    const reply = await createControlPlane(url, token).request(
      "POST",
      BRIDGE_PATHS.gitCredentials,
      {},
      gitCredentialsReplySchema,
    );
    process.stdout.write(`username=${reply.username}\npassword=${reply.password}\n`);
  } catch (error) {
    // git then fails with its own "Authentication failed" and this line above it.
    process.stderr.write(`nightshift credential helper: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  return 0;
}
