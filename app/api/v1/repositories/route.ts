// Serves GET and POST /api/v1/repositories: list repositories, register a local one by path.
import { apiHandler, readBody } from "@/server/http/api-handler";
import { addRepositoryBody } from "@/server/http/v1-schemas";
import { addLocalRepository } from "@/server/repositories/add-local-repository";
import { listRepositories } from "@/server/repositories/list-repositories";

export const GET = apiHandler(async ({ actor }) => ({ body: { repositories: await listRepositories({ actor }) } }), {
  workflowTokens: true,
});

export const POST = apiHandler(async ({ req, actor }) => {
  const { path } = await readBody(req, addRepositoryBody);
  return { status: 201, body: { repository: await addLocalRepository({ path, actor }) } };
});
