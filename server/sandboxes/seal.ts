// How a session's sandboxes are sealed, in words people can check: shown on the session page and
// in GET /api/v1/sessions/{id}. docs/security.md.
import type { EgressMode } from "../generated/prisma/client";
import type { SandboxProvider } from "./provider";

export type SandboxSeal = {
  /** "sealed": a network of their own; "not sealed": the machine's network and this user's files. */
  network: "sealed" | "not sealed";
  /** Where a sealed sandbox may connect beyond Nightshift (the repository's setting). */
  egress: { mode: EgressMode; hosts: string[] };
  /** Model provider keys stay in the control plane; the model gateway adds them to each call. */
  modelKeys: "brokered by the model gateway";
  /** The above in one sentence. */
  summary: string;
};

export function describeSeal(
  provider: Pick<SandboxProvider, "isSealed">,
  egress: { mode: EgressMode; hosts: string[] },
): SandboxSeal {
  const reach = {
    public: "the public internet (no private or metadata addresses)",
    allowlist: `only ${egress.hosts.join(", ")}`,
    none: "no network beyond Nightshift",
  }[egress.mode];
  return {
    network: provider.isSealed ? "sealed" : "not sealed",
    egress,
    modelKeys: "brokered by the model gateway",
    summary: provider.isSealed
      ? `Sealed: its own network, reaching Nightshift's sandbox endpoints and ${reach}; model keys stay with Nightshift.`
      : "Not sealed: the sandbox runs as a plain process with this machine's network and files (install bubblewrap); model keys stay with Nightshift.",
  };
}
