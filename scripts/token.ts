// `npm run token -- create --email <email> [--name <person's name>] [--label <token name>]`:
// creates a personal API token for /api/v1 and prints it (once: only its hash is kept). With the
// development sign-in, a person not seen before is created; with GitHub sign-in they must have
// signed in once. Works against DATABASE_URL, or the embedded database (the running one if
// `npm run dev` is up).
import { parseArgs } from "node:util";
import { createApiToken } from "../server/api-tokens/api-tokens";
import { createDbClient } from "../server/db";
import { upsertDevUser } from "../server/users/upsert-dev-user";
import { loadProjectEnv } from "./lib/project-env";
import { prepareDatabase } from "./lib/prepare-database";

const USAGE = "Usage: npm run token -- create --email <email> [--name <person's name>] [--label <token name>]";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: "string" }, name: { type: "string" }, label: { type: "string" } },
});
const email = values.email?.trim().toLowerCase();
if (positionals[0] !== "create" || !email || !/^[^@\s]+@[^@\s]+$/.test(email)) {
  console.error(USAGE);
  process.exit(2);
}

const { env } = await loadProjectEnv({
  nodeEnv: process.env.NODE_ENV === "production" ? "production" : "development",
  managesGeneratedSecrets: true,
});
const database = await prepareDatabase(env, { reuseRunning: true });
const db = createDbClient(database.choice.url);
try {
  let user = await db.user.findUnique({ where: { email }, select: { id: true, name: true } });
  if (!user && env.signIn.kind === "dev")
    user = await upsertDevUser({ email, name: values.name ?? email.split("@")[0] ?? email }, db);
  if (!user) {
    console.error(
      `No one with the email ${email} has signed in to this Nightshift yet: sign in with GitHub once, then try again.`,
    );
    process.exitCode = 1;
  } else {
    const { token, apiToken } = await createApiToken(
      { userId: user.id, name: values.label ?? "Command-line token" },
      db,
    );
    console.error(
      `Created API token "${apiToken.name}" (${apiToken.prefix}…) for ${user.name ?? email}. It is shown only now:`,
    );
    console.log(token);
  }
} finally {
  await db.$disconnect();
  await database.stop();
}
