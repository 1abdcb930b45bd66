// What the repository-image tests share: a repository whose setup.sh installs something the
// repository does not hold (as a real one does), and waiting for an image's build to end.
import { getDb } from "@/server/db";

export const IMAGE_REPOSITORY = {
  ".gitignore": "deps/\n.setup-runs\n.start-runs\n",
  ".nightshift/setup.sh":
    'echo "setup $NIGHTSHIFT_BOOT_MODE" >> .setup-runs\nmkdir -p deps && echo "left-pad 1.3.0" > deps/installed.txt\necho "installed left-pad"\n',
  ".nightshift/start.sh": "echo start >> .start-runs\n",
};

/** Polls until the image is no longer building; returns it. */
export async function waitForImage(imageId: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const image = await getDb().repositoryImage.findUniqueOrThrow({ where: { id: imageId } });
    if (image.status !== "building") return image;
    if (Date.now() > deadline) throw new Error(`image ${imageId} is still building`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
