// repository-images-schedule, every 30 minutes: builds the images whose default branch moved.
import { scheduleImageBuilds } from "../../sandboxes/images/schedule-image-builds";
import { defineScheduledJob } from "../job";

export const scheduleImageBuildsJob = defineScheduledJob({
  name: "repository-images-schedule",
  everySeconds: 30 * 60,
  async run({ step }) {
    await step("schedule-image-builds", async () => {
      await scheduleImageBuilds();
    });
  },
});
