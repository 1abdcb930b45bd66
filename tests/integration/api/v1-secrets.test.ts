// Secrets through the public API's route handlers, with real tokens and Postgres, and GitHub
// access asked of a fake GitHub: names go out, values only ever go in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as repositorySecretRoute from "@/app/api/v1/repositories/[id]/secrets/[key]/route";
import * as repositoryPreviewRoute from "@/app/api/v1/repositories/[id]/secrets/preview/route";
import * as repositorySecretsRoute from "@/app/api/v1/repositories/[id]/secrets/route";
import * as secretRoute from "@/app/api/v1/secrets/[key]/route";
import * as previewRoute from "@/app/api/v1/secrets/preview/route";
import * as secretsRoute from "@/app/api/v1/secrets/route";
import * as openApiRoute from "@/app/api/v1/openapi.json/route";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { getDb } from "@/server/db";
import { type FakeGithub, startFakeGithub } from "../../fixtures/github/fake-github";
import { administrator, createLocalRepository, createUser, randomKey } from "../../factories";
import { githubPerson } from "../../support/github-app";

type Handler<Params> = (req: Request, context: { params: Promise<Params> }) => Promise<Response>;
type Json = Record<string, unknown> & {
  error?: { code: string; message: string; fieldErrors?: Record<string, string[]> };
};
type Secret = { key: string; scope: string; updatedAt: string; updatedBy: { id: string; name: string | null } | null };

let github: FakeGithub;
let token: string;
let ada: { id: string; name: string | null };
/** Every response body this file received, to check that no value was ever among them. */
const bodies: string[] = [];
const savedGithubUrl = process.env.GITHUB_URL;

beforeAll(async () => {
  github = await startFakeGithub({ id: "unused", secret: "unused" });
  process.env.GITHUB_URL = github.url;
  // Global secrets are the administrators' to change.
  ada = await administrator();
  token = (await createApiToken({ userId: ada.id, name: "tests" })).token;
});

afterAll(async () => {
  await github?.close();
  if (savedGithubUrl === undefined) delete process.env.GITHUB_URL;
  else process.env.GITHUB_URL = savedGithubUrl;
});

async function call<Params>(
  handler: Handler<Params>,
  options: { method?: string; params?: Params; body?: unknown; as?: string } = {},
) {
  const req = new Request("http://localhost/api/v1/x", {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", authorization: `Bearer ${options.as ?? token}` },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handler(req, { params: Promise.resolve(options.params ?? ({} as Params)) });
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, json: JSON.parse(text) as Json };
}

const names = (secrets: unknown, only: string[]) =>
  (secrets as Secret[]).map((secret) => secret.key).filter((key) => only.includes(key));

describe("secrets in the public API", () => {
  it("lets anyone list the global secrets' names, and refuses a non-administrator every change", async () => {
    const bob = await createUser({ name: "Bob" });
    const bobToken = (await createApiToken({ userId: bob.id, name: "tests" })).token;
    expect((await call(secretsRoute.GET, { as: bobToken })).status).toBe(200);
    const refused = {
      status: 403,
      json: {
        error: {
          code: "FORBIDDEN",
          message: expect.stringContaining("Only an administrator can change the global secrets"),
        },
      },
    };
    const text = `BOB_${randomKey().toUpperCase()}=his-value`;
    expect(await call(previewRoute.POST, { as: bobToken, body: { text } })).toMatchObject(refused);
    expect(await call(secretsRoute.POST, { as: bobToken, body: { text } })).toMatchObject(refused);
    expect(
      await call(secretRoute.DELETE, { as: bobToken, method: "DELETE", params: { key: "ANY_NAME" } }),
    ).toMatchObject(refused);
    expect(await getDb().secret.count({ where: { key: text.split("=")[0] } })).toBe(0);
  });

  it("lists, previews, saves from a .env or a map, and removes global secrets, by name only", async () => {
    // Global secrets are shared by every test file: names of this test's own.
    const [npm, sentry, deploy] = ["NPM", "SENTRY", "DEPLOY"].map((name) => `${name}_${randomKey().toUpperCase()}`) as [
      string,
      string,
      string,
    ];
    const text = `# pasted\nexport ${npm}='npm_first_value'\n${sentry.toLowerCase()}="https://key@sentry.example/1"\n`;

    expect(await call(previewRoute.POST, { body: { text } })).toEqual({
      status: 200,
      json: { added: [npm, sentry], replaced: [] },
    });
    expect(await call(secretsRoute.POST, { body: { text } })).toEqual({
      status: 200,
      json: { added: [npm, sentry], replaced: [] },
    });
    const map = { secrets: { [npm]: "npm_second_value", [deploy]: "deploy-key-value" } };
    expect(await call(previewRoute.POST, { body: map })).toEqual({
      status: 200,
      json: { added: [deploy], replaced: [npm] },
    });
    expect(await call(secretsRoute.POST, { body: map })).toEqual({
      status: 200,
      json: { added: [deploy], replaced: [npm] },
    });

    const listed = await call(secretsRoute.GET);
    expect(listed.status).toBe(200);
    expect(names(listed.json.secrets, [npm, sentry, deploy])).toEqual([deploy, npm, sentry].sort());
    expect((listed.json.secrets as Secret[]).find((secret) => secret.key === npm)).toEqual({
      key: npm,
      scope: "global",
      updatedAt: expect.any(String),
      updatedBy: { id: ada.id, name: ada.name },
    });

    expect(await call(secretRoute.DELETE, { method: "DELETE", params: { key: sentry.toLowerCase() } })).toEqual({
      status: 200,
      json: { key: sentry },
    });
    expect(await call(secretRoute.DELETE, { method: "DELETE", params: { key: sentry } })).toMatchObject({
      status: 404,
      json: { error: { code: "NOT_FOUND" } },
    });
    expect(names((await call(secretsRoute.GET)).json.secrets, [npm, sentry, deploy])).toEqual([deploy, npm].sort());
    for (const key of [npm, deploy]) await call(secretRoute.DELETE, { method: "DELETE", params: { key } });

    for (const value of ["npm_first_value", "npm_second_value", "https://key@sentry.example/1", "deploy-key-value"]) {
      expect(bodies.join("\n")).not.toContain(value);
    }
  });

  it("refuses a bad .env by line, a reserved name, and a body that is neither, saving nothing", async () => {
    const repository = await createLocalRepository(ada.id);
    const params = { id: repository.id };

    const badLines = await call(repositorySecretsRoute.POST, {
      params,
      body: { text: "GOOD_ONE=kept-out\nnot an assignment\nQUOTED='unclosed\n" },
    });
    expect(badLines).toEqual({
      status: 400,
      json: {
        error: {
          code: "VALIDATION",
          message: "Line 2 is not KEY=value. Line 3 has no closing '.",
          fieldErrors: { text: ["Line 2 is not KEY=value.", "Line 3 has no closing '."] },
        },
      },
    });
    const reserved = await call(repositoryPreviewRoute.POST, {
      params,
      body: { secrets: { HOME: "/tmp", "1ABC": "x" } },
    });
    expect(reserved).toMatchObject({
      status: 400,
      json: {
        error: {
          code: "VALIDATION",
          fieldErrors: {
            secrets: [
              "HOME is set by Nightshift in every sandbox and cannot be a secret.",
              "1ABC is not an environment variable name: letters, digits and _, not starting with a digit.",
            ],
          },
        },
      },
    });
    const neither = "Send either text (a .env file) or secrets (a map of names to values), not both.";
    const refusals: Array<[unknown, Record<string, string[]>]> = [
      [{}, { text: [neither] }],
      [{ text: "A=1", secrets: { B: "2" } }, { text: [neither] }],
      [{ secrets: {} }, { secrets: ["There is no secret to save."] }],
      [{ text: "# only a comment\n" }, { text: ["There is no KEY=value line to save."] }],
    ];
    for (const [body, fieldErrors] of refusals) {
      expect(await call(repositorySecretsRoute.POST, { params, body })).toMatchObject({
        status: 400,
        json: { error: { code: "VALIDATION", fieldErrors } },
      });
    }
    expect(await call(repositorySecretsRoute.GET, { params })).toEqual({ status: 200, json: { secrets: [] } });
    expect(bodies.join("\n")).not.toContain("kept-out");
  });

  it("keeps a repository's secrets to itself, and to people who may write to it", async () => {
    const repository = await createLocalRepository(ada.id);
    const params = { id: repository.id };
    expect(
      await call(repositorySecretsRoute.POST, {
        params,
        body: { text: "NPM_TOKEN=repo-npm-value\nAPI_KEY=repo-api-value" },
      }),
    ).toEqual({
      status: 200,
      json: { added: ["NPM_TOKEN", "API_KEY"], replaced: [] },
    });
    expect(await call(repositoryPreviewRoute.POST, { params, body: { text: "API_KEY=another" } })).toEqual({
      status: 200,
      json: { added: [], replaced: ["API_KEY"] },
    });
    const listed = await call(repositorySecretsRoute.GET, { params });
    expect((listed.json.secrets as Secret[]).map(({ key, scope }) => ({ key, scope }))).toEqual([
      { key: "API_KEY", scope: "repository" },
      { key: "NPM_TOKEN", scope: "repository" },
    ]);
    expect(
      await call(repositorySecretRoute.DELETE, { method: "DELETE", params: { ...params, key: "NPM_TOKEN" } }),
    ).toEqual({ status: 200, json: { key: "NPM_TOKEN" } });
    expect(names((await call(repositorySecretsRoute.GET, { params })).json.secrets, ["API_KEY", "NPM_TOKEN"])).toEqual([
      "API_KEY",
    ]);
    expect(names((await call(secretsRoute.GET)).json.secrets, ["API_KEY", "NPM_TOKEN"])).toEqual([]);
    expect(await call(repositorySecretsRoute.GET, { params: { id: "missing" } })).toMatchObject({
      status: 404,
      json: { error: { code: "NOT_FOUND" } },
    });
    expect(bodies.join("\n")).not.toContain("repo-npm-value");
    expect(bodies.join("\n")).not.toContain("repo-api-value");
  });

  it("refuses a reader of a GitHub repository every use of its secrets, and lets a writer in", async () => {
    const [reader, writer] = [
      await githubPerson(github, `rita-${randomKey()}`, "Rita"),
      await githubPerson(github, `wanda-${randomKey()}`, "Wanda"),
    ];
    const name = `engine-${randomKey()}`;
    github.repositories.push({
      fullName: `acme/${name}`,
      private: true,
      collaborators: { [reader.githubLogin]: "read", [writer.githubLogin]: "write" },
    });
    const repository = await getDb().repository.create({
      data: { provider: "github", externalId: `acme/${name}`, owner: "acme", name, defaultBranch: "main" },
    });
    const params = { id: repository.id };
    const as = async (user: { id: string }) => (await createApiToken({ userId: user.id, name: "tests" })).token;
    const [readerToken, writerToken] = [await as(reader), await as(writer)];

    expect(
      await call(repositorySecretsRoute.POST, {
        params,
        body: { secrets: { DEPLOY_KEY: "writer-deploy-value" } },
        as: writerToken,
      }),
    ).toMatchObject({ status: 200 });
    const forbidden = {
      status: 403,
      json: {
        error: {
          code: "FORBIDDEN",
          message: `You need write access to acme/${name} on GitHub to prompt, steer or change its sessions and settings (you can read it).`,
        },
      },
    };
    expect(await call(repositorySecretsRoute.GET, { params, as: readerToken })).toEqual(forbidden);
    expect(
      await call(repositoryPreviewRoute.POST, { params, body: { text: "DEPLOY_KEY=mine" }, as: readerToken }),
    ).toEqual(forbidden);
    expect(
      await call(repositorySecretsRoute.POST, { params, body: { text: "DEPLOY_KEY=reader-value" }, as: readerToken }),
    ).toEqual(forbidden);
    expect(
      await call(repositorySecretRoute.DELETE, {
        method: "DELETE",
        params: { ...params, key: "DEPLOY_KEY" },
        as: readerToken,
      }),
    ).toEqual(forbidden);

    const listed = await call(repositorySecretsRoute.GET, { params, as: writerToken });
    expect(listed.json).toEqual({
      secrets: [
        {
          key: "DEPLOY_KEY",
          scope: "repository",
          updatedAt: expect.any(String),
          updatedBy: { id: writer.id, name: "Wanda" },
        },
      ],
    });
    expect(bodies.join("\n")).not.toContain("writer-deploy-value");
  });

  it("describes both bodies in the OpenAPI document, from the schema the endpoints validate with", async () => {
    type Operation = {
      requestBody?: {
        content: Record<string, { schema: { properties: Record<string, { maxLength?: number; type?: string }> } }>;
      };
    };
    const document = (await (openApiRoute.GET() as Response).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    for (const path of [
      "/secrets",
      "/secrets/preview",
      "/repositories/{id}/secrets",
      "/repositories/{id}/secrets/preview",
    ]) {
      const schema = document.paths[path]?.post?.requestBody?.content["application/json"]?.schema;
      expect(schema?.properties.text?.maxLength, path).toBe(200_000);
      expect(schema?.properties.secrets?.type, path).toBe("object");
    }
    expect(Object.keys(document.paths["/repositories/{id}/secrets/{key}"] ?? {})).toEqual(["delete"]);
  });
});
