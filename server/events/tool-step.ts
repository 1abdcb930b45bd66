// A tool call as a person would say what the agent is doing: "Reading src/app.ts", "Running npm
// test". The bots show it as the agent works: Slack in its status message, Linear as an action.
import { toolCallDataSchema } from "./schemas";

/** `action` and `parameter` as Linear shows an action ("Read", "src/app.ts"); `words` as a sentence. */
export type ToolStep = { action: string; parameter: string; words: string };

const VERBS: Record<string, { action: string; doing: string; fields: string[] }> = {
  read: { action: "Read", doing: "Reading", fields: ["filePath", "path"] },
  edit: { action: "Edit", doing: "Editing", fields: ["filePath", "path"] },
  write: { action: "Edit", doing: "Editing", fields: ["filePath", "path"] },
  patch: { action: "Edit", doing: "Editing", fields: ["filePath", "path"] },
  multiedit: { action: "Edit", doing: "Editing", fields: ["filePath", "path"] },
  bash: { action: "Run", doing: "Running", fields: ["command"] },
  grep: { action: "Search", doing: "Searching for", fields: ["pattern"] },
  glob: { action: "Search", doing: "Searching for", fields: ["pattern"] },
  webfetch: { action: "Read", doing: "Reading", fields: ["url"] },
};

export function toolStep(data: unknown): ToolStep | null {
  const parsed = toolCallDataSchema.safeParse(data);
  if (!parsed.success) return null;
  const { tool, input, title } = parsed.data;
  const field = (name: string): string | undefined => {
    const value = input && typeof input === "object" && !Array.isArray(input) ? input[name] : undefined;
    return typeof value === "string" && value.trim() ? value.trim().split("\n")[0] : undefined;
  };
  if (tool === "todowrite") return { action: "Plan", parameter: "", words: "Planning the work" };
  const verb = VERBS[tool];
  const parameter = verb?.fields.map(field).find(Boolean);
  if (verb && parameter) return { action: verb.action, parameter, words: `${verb.doing} ${parameter}` };
  // A command without one: what it says it does.
  const described = tool === "bash" ? field("description") : undefined;
  const words = described ?? title ?? `Using ${tool}`;
  return { action: verb?.action ?? tool, parameter: described ?? title ?? "", words };
}
