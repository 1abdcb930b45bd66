"use client";

// Where a repository's sandboxes may connect, on its settings page: the public internet, an
// allow-list of hosts, or nothing. Administrators alone change it; others see it disabled with
// the reason. docs/security.md#egress.
import { Field, fieldControlProps } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { RepositorySettings } from "@/server/repositories/repository-settings";
import { Section } from "./settings-controls";

type EgressMode = RepositorySettings["egressMode"];

const EGRESS_MODES: Array<{ mode: EgressMode; label: string; hint: string }> = [
  {
    mode: "public",
    label: "The public internet",
    hint: "Package registries, git over HTTPS, documentation; never this machine's services, private or metadata addresses.",
  },
  { mode: "allowlist", label: "Only these hosts", hint: "Still never a private address." },
  { mode: "none", label: "No network", hint: "Nothing beyond Nightshift itself and the model gateway." },
];

export function NetworkAccessSection(props: {
  mode: EgressMode;
  /** The allowed hosts as typed, one per line. */
  hosts: string;
  onMode: (mode: EgressMode) => void;
  onHosts: (hosts: string) => void;
  isAdministrator: boolean;
  hostsError: string | undefined;
}) {
  const { mode, hosts, onMode, onHosts, isAdministrator, hostsError } = props;
  return (
    <Section title="Network access">
      <fieldset className="flex flex-col gap-2" aria-describedby="egress-hint">
        <legend className="text-sm font-medium">Where this repository&apos;s sandboxes may connect</legend>
        <p id="egress-hint" className="text-sm text-muted">
          {isAdministrator
            ? "Beyond Nightshift's own endpoints and the model gateway, which they always reach."
            : "Only an administrator can change where this repository's sandboxes may connect."}
        </p>
        {EGRESS_MODES.map((option) => (
          <label key={option.mode} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="egress-mode"
              value={option.mode}
              className="mt-1"
              checked={mode === option.mode}
              disabled={!isAdministrator}
              onChange={() => onMode(option.mode)}
            />
            <span>
              {option.label}
              <span className="block text-muted">{option.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {mode === "allowlist" ? (
        <Field
          label="Allowed hosts"
          htmlFor="egress-hosts"
          hint='One per line: "registry.npmjs.org", or "*.example.com" for a domain and everything under it.'
          error={hostsError}
        >
          <Textarea
            {...fieldControlProps("egress-hosts", { hint: true, error: hostsError })}
            className="font-mono"
            value={hosts}
            disabled={!isAdministrator}
            spellCheck={false}
            onChange={(event) => onHosts(event.target.value)}
          />
        </Field>
      ) : null}
    </Section>
  );
}
