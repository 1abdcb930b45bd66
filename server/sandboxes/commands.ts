import type { DbTransaction } from "../db";
import type { Prisma, SandboxCommandType } from "../generated/prisma/client";

/** Queues a command for a sandbox's bridge with the sandbox's next number. The caller holds the
 * session's row lock, which orders concurrent writers. */
export async function addSandboxCommand(
  tx: DbTransaction,
  sandboxId: string,
  command: { type: SandboxCommandType; payload: Prisma.InputJsonValue },
): Promise<number> {
  const last = await tx.sandboxCommand.findFirst({
    where: { sandboxId },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  const seq = (last?.seq ?? 0) + 1;
  await tx.sandboxCommand.create({ data: { sandboxId, seq, type: command.type, payload: command.payload } });
  await tx.sandbox.update({ where: { id: sandboxId }, data: { lastActivityAt: new Date() } });
  return seq;
}
