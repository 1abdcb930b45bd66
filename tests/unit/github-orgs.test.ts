// The organisation lookup against a fake of GitHub's REST API on loopback, shaped like the real one.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchGithubOrgs } from "@/server/auth/github-orgs";
import userOrgsPage1 from "../fixtures/github/user-orgs-page-1.json";
import userOrgsPage2 from "../fixtures/github/user-orgs-page-2.json";

let server: Server;
let apiUrl: string;
const seen: Array<{ url: string | undefined; authorization: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    if (req.headers.authorization !== "token gho_valid") {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ message: "Bad credentials" }));
      return;
    }
    const page = new URL(req.url ?? "/", "http://localhost").searchParams.get("page") ?? "1";
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (page === "1")
      headers.link = `<${apiUrl}/user/orgs?per_page=100&page=2>; rel="next", <${apiUrl}/user/orgs?per_page=100&page=2>; rel="last"`;
    res.writeHead(200, headers).end(JSON.stringify(page === "1" ? userOrgsPage1 : userOrgsPage2));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("reading a person's GitHub organisations", () => {
  it("follows every page with the person's token", async () => {
    const orgs = await fetchGithubOrgs({ accessToken: "gho_valid", apiUrl });
    expect(orgs).toEqual(["acme", "octo-org", "nightshift-dev"]);
    expect(seen.map((request) => request.url)).toEqual(["/user/orgs?per_page=100", "/user/orgs?per_page=100&page=2"]);
  });

  it("fails when GitHub refuses the token", async () => {
    await expect(fetchGithubOrgs({ accessToken: "gho_revoked", apiUrl })).rejects.toThrow(/Bad credentials/);
  });
});
