// A delivery from outside (a Slack event, a Linear webhook) acted on once: its id is recorded,
// then its job queued. A repeat of a recorded id is passed over; a job that cannot be queued
// forgets the record again and fails the request, so that the sender's retry is acted on.
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";

/** True when queued; false for a repeat of a delivery already recorded. */
export async function queueOnce(
  record: { create: () => Promise<unknown>; forget: () => Promise<unknown> },
  send: () => Promise<void>,
  retrier: string,
): Promise<boolean> {
  try {
    await record.create();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
  try {
    await send();
    return true;
  } catch (error) {
    await record.forget();
    throw new AppError("UNAVAILABLE", `The work could not be queued; ${retrier} will retry.`, { cause: error });
  }
}
