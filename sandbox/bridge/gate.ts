// Inside a sealed sandbox (a network namespace with nothing but its own loopback), the way out:
// every `<port>.sock` the provider put in the gate directory is listened for on 127.0.0.1:<port>
// here, each connection passed to that socket, where the provider's gate, outside, lets through
// what it allows — the control plane's sandbox endpoints on the control plane's own port (so its
// URL works unchanged), and the egress proxy that HTTP(S)_PROXY name. Nothing else leads out.
import { readdirSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import path from "node:path";
import { log } from "./log";

export async function openGate(dir: string): Promise<Server[]> {
  const ports = readdirSync(dir)
    .map((name) => /^(\d+)\.sock$/.exec(name)?.[1])
    .filter((port): port is string => port !== undefined)
    .map(Number);
  return Promise.all(
    ports.map(
      (port) =>
        new Promise<Server>((resolve, reject) => {
          const socketPath = path.join(dir, `${port}.sock`);
          const server = createServer((inside) => {
            const outside = connect(socketPath);
            inside.pipe(outside).pipe(inside);
            const close = () => {
              inside.destroy();
              outside.destroy();
            };
            inside.on("error", close);
            outside.on("error", close);
          });
          server.once("error", reject);
          server.listen(port, "127.0.0.1", () => {
            log("gate open", { port });
            resolve(server);
          });
        }),
    ),
  );
}
