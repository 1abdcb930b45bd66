// The embedded realtime server in a process of its own, for the realtime benchmark: the
// benchmark's many clients must not share its event loop. Prints "port <n>" once listening.
import { startPusherServer } from "../../server/realtime/local/pusher-server";

const [appId, key, secret] = process.argv.slice(2);
if (!appId || !key || !secret) throw new Error("usage: pusher-server-process <appId> <key> <secret>");
const server = await startPusherServer({ appId, key, secret, port: 0 });
console.log(`port ${server.port}`);
process.on("SIGTERM", () => void server.stop().then(() => process.exit(0)));
