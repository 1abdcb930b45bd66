import { z } from "zod";

/** Changes to Nightshift's own settings: every field optional. */
export const instanceSettingsPatch = z
  .object({
    localRepositoriesWithGithub: z
      .boolean()
      .describe("Allow adding local repositories (paths on the server) although a GitHub App is configured."),
  })
  .partial();
export type InstanceSettingsPatch = z.infer<typeof instanceSettingsPatch>;
