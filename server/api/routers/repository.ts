import { addLocalRepository } from "../../repositories/add-local-repository";
import { listBranches } from "../../repositories/list-branches";
import { listRepositories } from "../../repositories/list-repositories";
import { removeRepository } from "../../repositories/remove-repository";
import { getRepositorySettings, updateRepositorySettings } from "../../repositories/repository-settings";
import { addLocalRepositoryInput, repositoryIdInput, updateRepositorySettingsInput } from "../../repositories/schemas";
import { listRepositoryImages, rebuildRepositoryImage } from "../../sandboxes/images/repository-images";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const repositoryRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listRepositories({ actor: ctx.actor })),

  addLocal: protectedProcedure
    .input(addLocalRepositoryInput)
    .mutation(({ ctx, input }) => addLocalRepository({ path: input.path, actor: ctx.actor })),

  branches: protectedProcedure
    .input(repositoryIdInput)
    .query(({ ctx, input }) => listBranches({ repositoryId: input.id, actor: ctx.actor })),

  settings: protectedProcedure
    .input(repositoryIdInput)
    .query(({ ctx, input }) => getRepositorySettings({ repositoryId: input.id, actor: ctx.actor })),

  updateSettings: protectedProcedure
    .input(updateRepositorySettingsInput)
    .mutation(({ ctx, input }) =>
      updateRepositorySettings({ repositoryId: input.id, actor: ctx.actor, settings: input.settings }),
    ),

  images: protectedProcedure
    .input(repositoryIdInput)
    .query(({ ctx, input }) => listRepositoryImages({ repositoryId: input.id, actor: ctx.actor })),

  rebuildImage: protectedProcedure
    .input(repositoryIdInput)
    .mutation(({ ctx, input }) => rebuildRepositoryImage({ repositoryId: input.id, actor: ctx.actor })),

  remove: protectedProcedure
    .input(repositoryIdInput)
    .mutation(({ ctx, input }) => removeRepository({ id: input.id, actor: ctx.actor })),
});
