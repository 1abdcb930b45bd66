// Who handed the agent an issue: a Linear user is a Nightshift person when they were matched
// before, or when the email Linear gives with the event (Linear's sign-in confirms it) is a
// person's email in Nightshift. The match is remembered. docs/linear.md#who-it-works-as.
import { type DbClient, getDb } from "../../db";
import { Prisma } from "../../generated/prisma/client";

export async function linearPerson(
  from: { id: string; email: string },
  organizationId: string,
  db: DbClient = getDb(),
): Promise<string | null> {
  const known = await db.linearUser.findUnique({ where: { linearUserId: from.id }, select: { userId: true } });
  if (known) return known.userId;
  const email = from.email.trim().toLowerCase();
  if (!email.includes("@")) return null;
  const person = await db.user.findFirst({
    where: { email: { equals: email, mode: "insensitive" } },
    select: { id: true },
  });
  if (!person) return null;
  try {
    await db.linearUser.create({
      data: { linearUserId: from.id, organizationId, userId: person.id, linkedBy: "email" },
    });
  } catch (error) {
    // Matched at the same moment by another event: the same person.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  return person.id;
}
