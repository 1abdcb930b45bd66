// repository-image-build: builds one repository image, to its end (docs/sessions.md#images).
import { runImageBuild } from "../../sandboxes/images/run-image-build";
import { buildRepositoryImageEvent } from "../events";
import { defineEventJob } from "../job";

export const buildRepositoryImageJob = defineEventJob(buildRepositoryImageEvent, async ({ imageId }, { step }) => {
  await step("build", () => runImageBuild(imageId));
});
