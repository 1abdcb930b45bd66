import { z } from "zod";

export const addLocalRepositoryInput = z.object({
  path: z.string().trim().min(1, "Enter the path of a git repository on this machine.").max(4096, "That path is too long."),
});

export const repositoryIdInput = z.object({ id: z.string().min(1).max(64) });
