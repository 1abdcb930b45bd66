// A port free on loopback right now. Used by the bridge (OpenCode's port) and by the scripts and
// tests that start servers; it has no dependencies, so both can bundle or import it.
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
