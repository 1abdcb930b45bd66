"use client";

// Nightshift's own settings: who administers it, whether local repositories may be added beside
// a GitHub App, and the budgets for model calls. Everyone sees them; only administrators change them.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { toast } from "@/components/ui/toast";
import { useInstanceSettings } from "@/lib/settings/use-instance-settings";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import { AdministratorsSentence } from "./administrators-note";
import { BudgetSettings } from "./budget-settings";

export function GeneralSettingsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useInstanceSettings();
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (view) => {
        queryClient.setQueryData(trpc.settings.get.queryKey(), view);
        toast({ title: "Settings saved", variant: "success" });
      },
      onError: (error) => toast({ title: "Could not save", description: errorMessage(error), variant: "error" }),
    }),
  );

  if (settings.isPending) return <p className="text-sm text-muted">Loading settings…</p>;
  if (settings.isError) {
    return (
      <p role="alert" className="text-sm text-danger">
        Could not load the settings: {errorMessage(settings.error)}
      </p>
    );
  }
  const view = settings.data;
  const isGithub = view.codeHost === "github";

  return (
    <div className="flex max-w-2xl flex-col gap-8">
      <div>
        <h1 className="text-xl font-semibold">Settings</h1>
        <p className="text-sm text-muted">
          How this Nightshift is run. Administrators change these; everyone can see them.
        </p>
      </div>

      <section aria-labelledby="administrators-heading" className="flex flex-col gap-2">
        <h2 id="administrators-heading" className="text-lg font-medium">
          Administrators
        </h2>
        <p className="text-sm">
          <AdministratorsSentence view={view} />{" "}
          {view.canChange ? "You are an administrator." : "You are not an administrator."}
        </p>
        {view.administrators.source === "first-sign-in" ? (
          <p className="text-sm text-muted">
            With the development sign-in and no NIGHTSHIFT_ADMINS, the first person to sign in administers Nightshift.
            Set NIGHTSHIFT_ADMINS (emails or GitHub logins) to name others instead.
          </p>
        ) : null}
        <p className="text-sm text-muted">
          Administrators change the global secrets, the model providers added on the Models page, and these settings. A
          repository&rsquo;s own settings and secrets belong to those who can write to it.
        </p>
      </section>

      <section aria-labelledby="local-heading" className="flex flex-col gap-2">
        <h2 id="local-heading" className="text-lg font-medium">
          Local repositories
        </h2>
        {isGithub ? (
          <>
            <label className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-1"
                checked={view.settings.localRepositoriesWithGithub}
                disabled={!view.canChange || update.isPending}
                onChange={(event) => update.mutate({ localRepositoriesWithGithub: event.target.checked })}
                aria-describedby="local-hint"
              />
              <span>Allow adding local repositories beside GitHub</span>
            </label>
            <p id="local-hint" className="text-sm text-muted">
              Repositories come from the GitHub App&rsquo;s installations. With this on, anyone signed in can also add a
              git repository by its path on the server, and its sessions&rsquo; agents can read and change it: turn it
              on only where every signed-in person may see what the server holds.
            </p>
          </>
        ) : (
          <p className="text-sm text-muted">
            No GitHub App is configured, so repositories are local git repositories on this machine, added by path on
            the Repositories page.
          </p>
        )}
      </section>

      <BudgetSettings view={view} />

      <section aria-labelledby="integrations-heading" className="flex flex-col gap-2">
        <h2 id="integrations-heading" className="text-lg font-medium">
          Integrations
        </h2>
        <p className="text-sm">
          <Link href="/settings/slack" className="underline">
            Slack
          </Link>
          : which repository a request in Slack works on when it does not name one.
        </p>
        <p className="text-sm">
          <Link href="/settings/linear" className="underline">
            Linear
          </Link>
          : installing the agent in a Linear workspace, and which repository a team&rsquo;s or project&rsquo;s issues
          work on.
        </p>
      </section>
    </div>
  );
}
