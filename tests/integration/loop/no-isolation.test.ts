// Without bubblewrap (NIGHTSHIFT_SANDBOX_ISOLATION=none, as on a machine where it is not
// installed), a sandbox is a plain child process — still with only its own environment — and
// the server says in its log that sandboxes are not isolated; idle, it is stopped, not suspended.
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/server/db";
import { stopIdleSandboxes } from "@/server/sandboxes/watch-sandboxes";
import { createSession } from "@/server/sessions/create-session";
import { createLocalRepository, createUser, git, asActor } from "../../factories";
import { sandboxProcessCount } from "../../support/sandbox-processes";
import { withSessionLoop, waitForMessage } from "../../support/session-loop";

// Read when the provider is first made, after this file has loaded.
process.env.NIGHTSHIFT_SANDBOX_ISOLATION = "none";

const loop = withSessionLoop();

describe("a sandbox without bubblewrap", () => {
  it("runs the prompt as a plain process with only the sandbox's environment", { timeout: 120_000 }, async () => {
    const user = await createUser();
    const repository = await createLocalRepository(user.id);
    loop.model.script([
      {
        toolCalls: [
          {
            name: "bash",
            arguments: {
              command: "env | sort > env.txt && git add env.txt && git commit -q -m env",
              description: "Look",
            },
          },
        ],
      },
      { text: "Done." },
    ]);
    const session = await createSession({
      repositoryId: repository.id,
      actor: asActor(user),
      prompt: { content: "Look", source: "api" },
    });
    const message = await getDb().message.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(await waitForMessage(message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });

    const { externalId: origin } = await getDb().repository.findUniqueOrThrow({ where: { id: repository.id } });
    const env = git(origin, "show", `${session.branch}:env.txt`).split("\n");
    const sandbox = await getDb().sandbox.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(env.find((line) => line.startsWith("HOME="))).toMatch(new RegExp(`/sandboxes/${sandbox.id}/home$`));
    const names = env.map((line) => line.slice(0, line.indexOf("=")));
    for (const secret of [
      "DATABASE_URL",
      "AUTH_SECRET",
      "NIGHTSHIFT_SANDBOX_TOKEN",
      "NIGHTSHIFT_DATA_DIR",
      "NODE_ENV",
      "VITEST",
    ]) {
      expect(names).not.toContain(secret);
    }

    // Idle, it is stopped rather than suspended: a plain process held still would outlive a
    // server that died.
    expect(await stopIdleSandboxes(new Date(Date.now() + 3_600_000), getDb(), { suspendedLimit: 4 })).toEqual([
      sandbox.id,
    ]);
    expect(await getDb().sandbox.findUniqueOrThrow({ where: { id: sandbox.id } })).toMatchObject({ status: "stopped" });
    expect(sandboxProcessCount(sandbox.id)).toBe(0);
  });

  it("falls back with a warning when bubblewrap is missing, unless bubblewrap is required", async () => {
    const { createLocalProvider } = await import("@/server/sandboxes/local/local-provider");
    const options = {
      kind: "local" as const,
      dataDir: "/nonexistent",
      opencodeBin: "/nonexistent",
      snapshotDiskBytes: 1024 ** 3,
      internalNetworks: [],
      suspendedLimit: 4,
      vercel: null,
    };
    const path = process.env.PATH;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      process.env.PATH = "/nonexistent"; // No bwrap to be found.
      createLocalProvider({ ...options, isolation: "auto" });
      expect(logged).toHaveBeenCalledWith(
        expect.stringContaining(
          "bubblewrap (bwrap) is not installed, so local sandboxes are NOT SEALED: they run as plain child processes",
        ),
      );
      expect(() => createLocalProvider({ ...options, isolation: "bubblewrap" })).toThrow(
        "NIGHTSHIFT_SANDBOX_ISOLATION=bubblewrap, but bwrap is not installed (apt-get install bubblewrap).",
      );
    } finally {
      process.env.PATH = path;
      logged.mockRestore();
    }
  });
});
