// A local repository must neither hold Nightshift's data directory nor lie inside it: a sandbox
// works in its repository, and would see the keys, the database and other sandboxes kept there.
// Refused when added, and — for one added before Nightshift checked — when a sandbox would start.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db";
import { spawnSandbox } from "@/server/sandboxes/spawn-sandbox";
import { createSession } from "@/server/sessions/create-session";
import { asActor, createUser } from "../../factories";
import { refusal } from "../../support/refusal";

/** A checkout with Nightshift's data directory in it, as `npm run dev` in a clone makes. */
const CHECKOUT = await vi.hoisted(async () => {
  // Hoisted above the imports, so it imports what it uses itself.
  const { execFileSync } = await import("node:child_process");
  const { mkdirSync, mkdtempSync, realpathSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "nightshift-checkout-")));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  writeFileSync(join(dir, "README.md"), "# A checkout\n");
  git("add", "-A");
  git("-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "-m", "first");
  // Before any server code reads the environment: this file's data directory is inside the checkout.
  process.env.NIGHTSHIFT_DATA_DIR = join(dir, ".nightshift");
  mkdirSync(process.env.NIGHTSHIFT_DATA_DIR, { recursive: true });
  return dir;
});

function gitRepositoryAt(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  writeFileSync(path.join(dir, "notes.txt"), "notes\n");
  git("add", "-A");
  git("-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "-m", "first");
  return dir;
}

describe("a repository and Nightshift's data directory", () => {
  it("is refused when it holds the data directory, or lies inside it, saying why", async () => {
    const ada = await createUser();
    const holds = await refusal(createCaller({ user: ada }).repository.addLocal({ path: CHECKOUT }));
    expect(holds.fieldErrors?.path).toEqual([
      `${CHECKOUT} holds Nightshift's own data directory (${CHECKOUT}/.nightshift), with its keys and database: a sandbox working in it would see them. Keep the data directory elsewhere (NIGHTSHIFT_DATA_DIR) or add another repository.`,
    ]);
    const inside = gitRepositoryAt(path.join(CHECKOUT, ".nightshift", "sandboxes", "someone", "workspace"));
    const within = await refusal(createCaller({ user: ada }).repository.addLocal({ path: inside }));
    expect(within.fieldErrors?.path?.[0]).toMatch(/is inside Nightshift's own data directory/);
    expect(await getDb().repository.count({ where: { externalId: { in: [CHECKOUT, inside] } } })).toBe(0);
  });

  it("fails a sandbox of one added before the check, with the reason, and mounts nothing", async () => {
    const ada = await createUser();
    const repository = await getDb().repository.create({
      data: {
        provider: "local",
        externalId: CHECKOUT,
        owner: "local",
        name: "checkout",
        defaultBranch: "main",
        addedById: ada.id,
      },
    });
    const session = await createSession({ repositoryId: repository.id, actor: asActor(ada) });
    const sandbox = await getDb().sandbox.create({
      data: { sessionId: session.id, status: "pending", bootMode: "fresh", tokenHash: `pending-${session.id}` },
    });
    await spawnSandbox(sandbox.id);
    expect(await getDb().sandbox.findUniqueOrThrow({ where: { id: sandbox.id } })).toMatchObject({
      status: "failed",
      error: expect.stringContaining(`${CHECKOUT} holds Nightshift's own data directory`),
    });
  });
});
