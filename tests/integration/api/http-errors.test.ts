// The API over HTTP, through the same fetch handler the route uses: statuses, codes and
// messages that people and forms see.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { type Context, createTRPCRouter, publicProcedure } from "@/server/api/trpc";
import { GENERIC_ERROR_MESSAGE } from "@/server/errors";
import { createUser } from "../../factories";

const failingRouter = createTRPCRouter({
  boom: publicProcedure.query(() => {
    throw new Error("connection string postgres://secret@db leaked");
  }),
});

async function call(
  router: typeof appRouter | typeof failingRouter,
  procedure: string,
  context: Context,
  init?: RequestInit,
) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://localhost/api/trpc/${procedure}`, init),
    router,
    createContext: () => context,
  });
  return { status: response.status, body: await response.text() };
}

describe("the API over HTTP", () => {
  it("answers 401 with no data to a request without a signed-in user", async () => {
    await createUser({ name: "Someone With Data" });
    const { status, body } = await call(appRouter, "repository.list", { user: null });
    expect(status).toBe(401);
    const parsed = JSON.parse(body) as { error: { json: { message: string; data: { appCode: string } } } };
    expect(parsed.error.json.message).toBe("Sign in to continue.");
    expect(parsed.error.json.data.appCode).toBe("UNAUTHENTICATED");
    expect(body).not.toContain("result");
  });

  it("answers 400 with per-field errors for invalid input", async () => {
    const user = await createUser();
    const { status, body } = await call(
      appRouter,
      "repository.addLocal",
      { user },
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { path: "" } }),
      },
    );
    expect(status).toBe(400);
    const parsed = JSON.parse(body) as {
      error: { json: { data: { appCode: string; fieldErrors: Record<string, string[]> } } };
    };
    expect(parsed.error.json.data.appCode).toBe("VALIDATION");
    expect(parsed.error.json.data.fieldErrors.path).toEqual(["Enter the path of a git repository on this machine."]);
  });

  it("hides unexpected failures behind a generic message with no stack trace", async () => {
    const { status, body } = await call(failingRouter, "boom", { user: null });
    expect(status).toBe(500);
    expect(body).toContain(GENERIC_ERROR_MESSAGE);
    expect(body).not.toContain("secret");
    expect(body).not.toContain("stack");
  });

  it("serves the public health check without a session", async () => {
    const { status, body } = await call(appRouter, "health.get", { user: null });
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ result: { data: { json: { status: "ok", database: "ok" } } } });
  });
});
