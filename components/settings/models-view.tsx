"use client";

// Model providers as people manage them: which providers can be used and, for the others, what
// to set; and the OpenAI-compatible providers added here (gateways, self-hosted model servers).
// A provider's key goes in and is never shown again. Native controls, usable by keyboard.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { parseUsd, UsdField, usdText } from "@/components/budgets/usd-field";
import { Field, fieldControlProps, Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { useInstanceSettings } from "@/lib/settings/use-instance-settings";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, fieldError } from "@/lib/trpc/errors";
import type { CustomProviderSummary } from "@/server/models/custom-providers";
import { AdministratorsNote } from "./administrators-note";

const SOURCE_LABELS = { hosted: "Hosted", environment: "Environment", settings: "Added here" } as const;

export function ModelsView() {
  const trpc = useTRPC();
  const models = useQuery(trpc.model.list.queryOptions());
  const custom = useQuery(trpc.model.customProviders.queryOptions());
  const settings = useInstanceSettings();
  const canChange = settings.data?.canChange === true;
  const [editing, setEditing] = useState<CustomProviderSummary | "new" | null>(null);

  return (
    <div className="flex flex-col gap-8">
      <div>
        <h1 className="text-xl font-semibold">Models</h1>
        <p className="text-sm text-muted">
          Hosted providers need a key: add ANTHROPIC_API_KEY, OPENAI_API_KEY or OPENCODE_API_KEY on the Secrets page (or
          as one repository&rsquo;s secret, for its sessions only), or set it in Nightshift&rsquo;s environment.
        </p>
      </div>
      <section aria-labelledby="providers-heading" className="flex flex-col gap-3">
        <h2 id="providers-heading" className="text-lg font-medium">
          Providers
        </h2>
        {models.isError ? (
          <p role="alert" className="text-sm text-danger">
            Could not load the providers: {errorMessage(models.error)}
          </p>
        ) : null}
        <ul className="divide-y divide-border rounded-md border border-border">
          {models.data?.providers.map((provider) => (
            <li key={provider.id} className="flex flex-col gap-1 px-4 py-3 text-sm">
              <div className="flex items-center gap-2">
                <span className="font-medium">{provider.label}</span>
                <span className="font-mono text-xs text-muted">{provider.id}</span>
                <span className="text-xs text-muted">· {SOURCE_LABELS[provider.source]}</span>
                <span className={provider.available ? "ml-auto text-xs text-success" : "ml-auto text-xs text-muted"}>
                  {provider.available ? "Available" : "Unavailable"}
                </span>
              </div>
              {provider.unavailableReason ? <p className="text-xs text-muted">{provider.unavailableReason}</p> : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="custom-heading" className="flex flex-col gap-3">
        <div className="flex items-center justify-between">
          <h2 id="custom-heading" className="text-lg font-medium">
            OpenAI-compatible providers
          </h2>
          {canChange && editing === null ? <Button onClick={() => setEditing("new")}>Add a provider</Button> : null}
        </div>
        {custom.data?.length === 0 && editing === null ? (
          <p className="text-sm text-muted">
            None added. Add your own gateway or model server to offer its models in every session.
          </p>
        ) : null}
        {settings.data && !canChange ? (
          <AdministratorsNote view={settings.data} what="the providers added here" />
        ) : null}
        {custom.data && custom.data.length > 0 ? (
          <CustomProviderList providers={custom.data} onEdit={canChange ? setEditing : null} />
        ) : null}
        {editing !== null ? (
          <CustomProviderForm
            key={editing === "new" ? "new" : editing.slug}
            existing={editing === "new" ? null : editing}
            onDone={() => setEditing(null)}
          />
        ) : null}
      </section>
    </div>
  );
}

function CustomProviderList({
  providers,
  onEdit,
}: {
  providers: CustomProviderSummary[];
  /** null: the viewer may not change them (no Edit or Remove buttons). */
  onEdit: ((provider: CustomProviderSummary) => void) | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = useMutation(
    trpc.model.removeCustomProvider.mutationOptions({
      onSuccess: ({ slug }) => toast({ title: `Removed ${slug}`, variant: "success" }),
      onError: (error) =>
        toast({ title: "Could not remove the provider", description: errorMessage(error), variant: "error" }),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.model.pathKey() }),
    }),
  );
  return (
    <>
      <ul className="divide-y divide-border rounded-md border border-border">
        {providers.map((provider) => (
          <li key={provider.slug} className="flex items-center justify-between gap-4 px-4 py-3 text-sm">
            <div className="min-w-0">
              <div className="font-medium">
                {provider.label} <span className="font-mono text-xs text-muted">{provider.slug}</span>
              </div>
              <div className="truncate text-xs text-muted">
                {provider.baseUrl} · {provider.hasKey ? "key saved" : "no key"} ·{" "}
                {provider.price
                  ? `$${provider.price.input} / $${provider.price.output} per million tokens`
                  : "no price"}{" "}
                · {provider.models.join(", ")}
              </div>
            </div>
            {onEdit ? (
              <div className="flex gap-2">
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => onEdit(provider)}
                  aria-label={`Edit ${provider.label}`}
                >
                  Edit
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => setRemoving(provider.slug)}
                  aria-label={`Remove ${provider.label}`}
                >
                  Remove
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) setRemoving(null);
        }}
        title={`Remove ${removing ?? ""}?`}
        description="Its models are no longer offered; sessions that use one have their next prompts refused."
        confirmLabel="Remove"
        destructive
        isPending={remove.isPending}
        onConfirm={() => {
          if (removing) remove.mutate({ slug: removing }, { onSettled: () => setRemoving(null) });
        }}
      />
    </>
  );
}

function CustomProviderForm({ existing, onDone }: { existing: CustomProviderSummary | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [slug, setSlug] = useState(existing?.slug ?? "");
  const [label, setLabel] = useState(existing?.label ?? "");
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? "");
  const [apiKey, setApiKey] = useState("");
  const [clearKey, setClearKey] = useState(false);
  const [models, setModels] = useState(existing?.models.join("\n") ?? "");
  const [inputPrice, setInputPrice] = useState(usdText(existing?.price?.input ?? null));
  const [outputPrice, setOutputPrice] = useState(usdText(existing?.price?.output ?? null));
  const [priceError, setPriceError] = useState<string>();
  const save = useMutation(
    trpc.model.saveCustomProvider.mutationOptions({
      onSuccess: async (saved) => {
        toast({ title: `Saved ${saved.label}`, variant: "success" });
        await queryClient.invalidateQueries({ queryKey: trpc.model.pathKey() });
        onDone();
      },
    }),
  );
  const error = (field: string) => (save.error ? fieldError(save.error, field) : undefined);
  const otherError =
    save.error && !["slug", "label", "baseUrl", "apiKey", "models", "price"].some((field) => error(field))
      ? errorMessage(save.error)
      : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Absent: keep the saved key (when editing); null: none.
    const key = apiKey.trim() ? apiKey : clearKey || !existing ? null : undefined;
    const names = models
      .split(/[\n,]/)
      .map((name) => name.trim())
      .filter(Boolean);
    const [input, output] = [parseUsd(inputPrice), parseUsd(outputPrice)];
    const problem =
      Number.isNaN(input) || Number.isNaN(output)
        ? "Enter each price in US dollars per million tokens, like 3 or 0.25."
        : (input === null) !== (output === null)
          ? "Give both prices, or neither."
          : undefined;
    setPriceError(problem);
    if (problem) return;
    const price = input === null || output === null ? null : { input, output };
    save.mutate({ slug, label, baseUrl, models: names, price, ...(key === undefined ? {} : { apiKey: key }) });
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={existing ? `Edit ${existing.label}` : "Add a provider"}
      className="flex flex-col gap-4 rounded-md border border-border p-4"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Id" htmlFor="provider-slug" hint="Models are chosen as <id>/<model>." error={error("slug")}>
          <Input
            {...fieldControlProps("provider-slug", { hint: true, error: error("slug") })}
            value={slug}
            onChange={(event) => setSlug(event.target.value)}
            disabled={existing !== null}
            placeholder="gateway"
          />
        </Field>
        <Field label="Name" htmlFor="provider-label" error={error("label")}>
          <Input
            {...fieldControlProps("provider-label", { error: error("label") })}
            value={label}
            onChange={(event) => setLabel(event.target.value)}
            placeholder="Our gateway"
          />
        </Field>
      </div>
      <Field
        label="Base URL"
        htmlFor="provider-url"
        hint="The OpenAI-compatible API's address, usually ending in /v1."
        error={error("baseUrl")}
      >
        <Input
          {...fieldControlProps("provider-url", { hint: true, error: error("baseUrl") })}
          value={baseUrl}
          onChange={(event) => setBaseUrl(event.target.value)}
          placeholder="https://llm.example.com/v1"
        />
      </Field>
      <Field
        label="API key"
        htmlFor="provider-key"
        hint={
          existing?.hasKey ? "A key is saved; leave this empty to keep it." : "Leave empty if the endpoint needs none."
        }
        error={error("apiKey")}
      >
        <Input
          {...fieldControlProps("provider-key", { hint: true, error: error("apiKey") })}
          type="password"
          autoComplete="off"
          value={apiKey}
          onChange={(event) => setApiKey(event.target.value)}
        />
      </Field>
      {existing?.hasKey ? (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={clearKey}
            onChange={(event) => setClearKey(event.target.checked)}
            disabled={apiKey.trim() !== ""}
          />
          Remove the saved key
        </label>
      ) : null}
      <Field
        label="Model names"
        htmlFor="provider-models"
        hint="One per line, as the endpoint names them."
        error={error("models")}
      >
        <Textarea
          {...fieldControlProps("provider-models", { hint: true, error: error("models") })}
          rows={4}
          value={models}
          onChange={(event) => setModels(event.target.value)}
          className="font-mono"
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <UsdField
          id="provider-input-price"
          label="Input price per million tokens"
          value={inputPrice}
          onChange={setInputPrice}
          placeholder="Unknown"
          hint="For the cost meter and budgets. Empty: unknown; calls count tokens only."
        />
        <UsdField
          id="provider-output-price"
          label="Output price per million tokens"
          value={outputPrice}
          onChange={setOutputPrice}
          placeholder="Unknown"
          error={priceError ?? error("price")}
        />
      </div>
      {otherError ? (
        <p role="alert" className="text-sm text-danger">
          {otherError}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : existing ? "Save changes" : "Add provider"}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
