// What a bot tells someone who may not work on a repository: why not, in words (the access check's
// own), or null when they may. The Slack bot and the Linear agent say it where they were asked.
import { AppError } from "../errors";
import type { Actor } from "./actor";
import { assertRepositoryAccess } from "./repository-access";

export async function writeRefusal(
  actor: Actor,
  repository: Parameters<typeof assertRepositoryAccess>[1],
): Promise<string | null> {
  try {
    await assertRepositoryAccess(actor, repository, "write");
    return null;
  } catch (error) {
    if (error instanceof AppError && (error.code === "FORBIDDEN" || error.code === "NOT_FOUND"))
      return `I cannot work on ${repository.owner}/${repository.name} for you: ${error.message}`;
    throw error;
  }
}
