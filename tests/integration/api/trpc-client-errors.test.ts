// A malformed tRPC request is the caller's mistake, never ours: through the real route handler,
// tRPC's own refusals (no JSON content type, a broken body, the wrong method, an unknown
// procedure) and input Postgres cannot store answer their 4xx with an AppError code and a message
// for people, and nothing is logged as an error. Found by the fuzz (fuzz-doors.test.ts).
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import { createTRPCRouter, isServerFailure, publicProcedure } from "@/server/api/trpc";
import { APP_ERROR_CODES, GENERIC_ERROR_MESSAGE } from "@/server/errors";
import { createUser } from "../../factories";
import { asUser } from "../../support/signed-in";

vi.mock("@/server/auth", async (original) => ({
  ...(await original<object>()),
  getCurrentUser: (await import("../../support/signed-in")).signedInUser,
}));

type ErrorBody = { error: { json: { message: string; data: { appCode: string; httpStatus: number } } } };

const logged = vi.spyOn(console, "error");
afterEach(() => logged.mockClear());

async function send(path: string, init: RequestInit = {}) {
  const user = await createUser();
  const request = new Request(`http://localhost/api/trpc/${path}`, init);
  const response = await asUser(user, () =>
    request.method === "GET" ? trpcRoute.GET(request) : trpcRoute.POST(request),
  );
  const body = (await response.json()) as ErrorBody;
  return { status: response.status, ...body.error.json };
}

describe("a malformed tRPC request", () => {
  it.each([
    {
      what: "a body sent as text/plain",
      path: "apiToken.create",
      init: { method: "POST", headers: { "content-type": "text/plain" }, body: '{"json":{"name":"x"}}' },
      status: 415,
      message: "Send the request's input as JSON, with the header Content-Type: application/json.",
    },
    {
      what: "a body without a content type",
      path: "apiToken.create",
      init: { method: "POST", body: '{"json":{"name":"x"}}' },
      status: 415,
      message: "Send the request's input as JSON, with the header Content-Type: application/json.",
    },
    {
      what: "a body that is not JSON",
      path: "apiToken.create",
      init: { method: "POST", headers: { "content-type": "application/json" }, body: '{"json":' },
      status: 400,
      message: "The request body is not valid JSON.",
    },
    {
      what: "connection parameters that are not JSON",
      path: "health.get?connectionParams=%7B",
      init: {},
      status: 400,
      message: "The request could not be read: it is not valid JSON.",
    },
    {
      what: "a GET to a mutation",
      path: "apiToken.create",
      init: {},
      status: 405,
      message:
        'Unsupported GET-request to mutation procedure at path "apiToken.create": queries are read with GET, mutations are sent with POST.',
    },
    {
      what: "an unknown procedure",
      path: "apiToken.steal",
      init: {},
      status: 404,
      message: 'No procedure found on path "apiToken.steal"',
    },
    {
      what: "an input holding a NUL character",
      path: `repository.branches?input=${encodeURIComponent(JSON.stringify({ json: { id: "a\u0000b" } }))}`,
      init: {},
      status: 400,
      message: "The request holds a NUL character (U+0000), which cannot be stored.",
    },
  ])("answers $what with $status, says what is wrong, and logs no error", async ({ path, init, status, message }) => {
    const answer = await send(path, init);
    expect(answer).toMatchObject({ status, message, data: { httpStatus: status } });
    expect(Object.keys(APP_ERROR_CODES)).toContain(answer.data.appCode);
    expect(logged).not.toHaveBeenCalled();
  });
});

describe("tRPC's error codes", () => {
  // Every code tRPC knows, so one added in a later version is checked too.
  const clientCodes = (Object.keys(TRPC_ERROR_CODES_BY_KEY) as TRPCError["code"][])
    .map((code) => ({ code, status: getHTTPStatusCodeFromError(new TRPCError({ code })) }))
    .filter(({ status }) => status < 500);

  async function thrown(code: TRPCError["code"]) {
    const router = createTRPCRouter({
      fail: publicProcedure.query(() => {
        throw new TRPCError({ code, message: "connection string postgres://secret@db" });
      }),
    });
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost/api/trpc/fail"),
      router,
      createContext: () => ({ user: null }),
    });
    return { status: response.status, ...((await response.json()) as ErrorBody).error.json };
  }

  it.each(clientCodes)(
    "answers $code with its $status and an AppError code, as the caller's mistake",
    async ({ code, status }) => {
      const answer = await thrown(code);
      expect(answer.status).toBe(status);
      expect(Object.keys(APP_ERROR_CODES)).toContain(answer.data.appCode);
      expect(answer.data.appCode).not.toBe("INTERNAL");
      expect(answer.message).not.toBe(GENERIC_ERROR_MESSAGE);
      expect(isServerFailure(new TRPCError({ code }))).toBe(false);
    },
  );

  it("include every client error the issue names", () => {
    expect(clientCodes.map(({ code }) => code)).toEqual(
      expect.arrayContaining(["PARSE_ERROR", "BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE", "METHOD_NOT_SUPPORTED"]),
    );
    expect(clientCodes.length).toBeGreaterThanOrEqual(16);
  });

  it("still answers our own failures with 500 and a generic message, and counts them as ours", async () => {
    const answer = await thrown("INTERNAL_SERVER_ERROR");
    expect(answer).toMatchObject({ status: 500, message: GENERIC_ERROR_MESSAGE, data: { appCode: "INTERNAL" } });
    expect(isServerFailure(new TRPCError({ code: "INTERNAL_SERVER_ERROR" }))).toBe(true);
  });
});
