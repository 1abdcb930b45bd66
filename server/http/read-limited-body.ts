// A request body read up to a limit: refused with 413 from its Content-Length when that says
// too much, and otherwise as soon as the bytes read pass the limit, so an oversized body is
// never held whole in memory.
import { AppError } from "../errors";

export async function readLimitedText(req: Request, limitBytes: number): Promise<string> {
  const tooLarge = () => new AppError("TOO_LARGE", `The body can be at most ${Math.floor(limitBytes / 1024)} KB.`);
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Refuses with 415 unless the Content-Type is JSON (application/json, or a +json type). */
export function assertJsonContentType(req: Request): void {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || /^application\/[\w.-]+\+json$/.test(type)) return;
  throw new AppError(
    "UNSUPPORTED_MEDIA_TYPE",
    `Send the body as JSON (Content-Type: application/json)${type ? `, not ${type}` : ""}.`,
  );
}
