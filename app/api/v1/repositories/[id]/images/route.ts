// Serves GET and POST /api/v1/repositories/{id}/images: a repository's prebuilt images, and
// "Rebuild now" (docs/sessions.md#images).
import { apiHandler } from "@/server/http/api-handler";
import { listRepositoryImages, rebuildRepositoryImage } from "@/server/sandboxes/images/repository-images";

export const GET = apiHandler<{ id: string }>(async ({ actor, params }) => ({
  body: await listRepositoryImages({ repositoryId: params.id, actor }),
}));

export const POST = apiHandler<{ id: string }>(async ({ actor, params }) => ({
  status: 202,
  body: { image: await rebuildRepositoryImage({ repositoryId: params.id, actor }) },
}));
