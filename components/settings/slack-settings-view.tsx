"use client";

// Slack's routing: keyword rules and channel defaults, which decide the repository of a request
// that does not name one (docs/slack.md#which-repository). Everyone sees them; administrators
// change them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, fieldControlProps, Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, fieldError } from "@/lib/trpc/errors";

const selectClasses = "h-9 rounded-md border border-border bg-surface px-2 text-sm";

export function SlackSettingsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const routing = useQuery(trpc.slack.routing.queryOptions());
  const repositories = useQuery(trpc.repository.list.queryOptions());
  const [rule, setRule] = useState({ keyword: "", repositoryId: "" });
  const [channelDefault, setChannelDefault] = useState({ channel: "", repositoryId: "" });
  const saved = (title: string) => ({
    onSuccess: (view: NonNullable<typeof routing.data>) => {
      queryClient.setQueryData(trpc.slack.routing.queryKey(), view);
      toast({ title, variant: "success" as const });
    },
  });
  const failed = (title: string) => ({
    onError: (error: unknown) => toast({ title, description: errorMessage(error), variant: "error" }),
  });
  const addRule = useMutation(
    trpc.slack.addRule.mutationOptions({
      ...saved("Keyword rule added"),
      onSettled: (view) => view && setRule({ keyword: "", repositoryId: "" }),
    }),
  );
  const removeRule = useMutation(
    trpc.slack.removeRule.mutationOptions({ ...saved("Keyword rule removed"), ...failed("Could not remove the rule") }),
  );
  const setDefault = useMutation(
    trpc.slack.setChannelDefault.mutationOptions({
      ...saved("Channel default saved"),
      onSettled: (view) => view && setChannelDefault({ channel: "", repositoryId: "" }),
    }),
  );
  const removeDefault = useMutation(
    trpc.slack.removeChannelDefault.mutationOptions({
      ...saved("Channel default removed"),
      ...failed("Could not remove the channel default"),
    }),
  );

  if (routing.isPending) return <p className="text-sm text-muted">Loading Slack&rsquo;s settings…</p>;
  if (routing.isError)
    return (
      <p role="alert" className="text-sm text-danger">
        Could not load Slack&rsquo;s settings: {errorMessage(routing.error)}
      </p>
    );
  const view = routing.data;
  const repositoryOptions = repositories.data?.map((repository) => (
    <option key={repository.id} value={repository.id}>
      {repository.owner}/{repository.name}
    </option>
  ));
  const ruleError = (field: string) => (addRule.error ? fieldError(addRule.error, field) : undefined);
  const defaultError = (field: string) => (setDefault.error ? fieldError(setDefault.error, field) : undefined);

  function submitRule(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    addRule.mutate(rule);
  }
  function submitDefault(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDefault.mutate(channelDefault);
  }

  return (
    <div className="flex max-w-2xl flex-col gap-8">
      <div>
        <h1 className="text-xl font-semibold">Slack</h1>
        <p className="text-sm text-muted">
          Which repository a request in Slack works on when it does not name one as owner/name. Administrators change
          these; everyone can see them.
        </p>
        {view.isConfigured ? null : (
          <p className="mt-2 text-sm">
            The Slack app is not set up on this Nightshift (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET): these apply once
            it is.
          </p>
        )}
      </div>

      <section aria-labelledby="keyword-rules-heading" className="flex flex-col gap-3">
        <h2 id="keyword-rules-heading" className="text-lg font-medium">
          Keyword rules
        </h2>
        <p className="text-sm text-muted">
          A request that names the keyword, as a whole word in any case, works on its repository.
        </p>
        {view.rules.length === 0 ? (
          <p className="text-sm">No keyword rules.</p>
        ) : (
          <ul
            aria-label="Keyword rules"
            className="flex flex-col divide-y divide-border rounded-md border border-border"
          >
            {view.rules.map((entry) => (
              <li key={entry.id} className="flex items-center justify-between gap-4 px-3 py-2 text-sm">
                <span>
                  <strong>{entry.keyword}</strong> → {entry.repository.owner}/{entry.repository.name}
                </span>
                {view.canChange ? (
                  <Button variant="ghost" size="sm" onClick={() => removeRule.mutate({ id: entry.id })}>
                    Remove<span className="sr-only"> the rule for {entry.keyword}</span>
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {view.canChange ? (
          <form onSubmit={submitRule} className="flex flex-wrap items-end gap-3" noValidate>
            <Field label="Keyword" htmlFor="slack-rule-keyword" error={ruleError("keyword")}>
              <Input
                {...fieldControlProps("slack-rule-keyword", { error: ruleError("keyword") })}
                value={rule.keyword}
                onChange={(event) => setRule({ ...rule, keyword: event.target.value })}
              />
            </Field>
            <Field label="Repository" htmlFor="slack-rule-repository" error={ruleError("repositoryId")}>
              <select
                {...fieldControlProps("slack-rule-repository", { error: ruleError("repositoryId") })}
                className={`${selectClasses} w-64`}
                value={rule.repositoryId}
                onChange={(event) => setRule({ ...rule, repositoryId: event.target.value })}
              >
                <option value="">Choose a repository</option>
                {repositoryOptions}
              </select>
            </Field>
            <Button type="submit" disabled={addRule.isPending}>
              Add rule
            </Button>
            {addRule.error && !ruleError("keyword") && !ruleError("repositoryId") ? (
              <p role="alert" className="w-full text-sm text-danger">
                {errorMessage(addRule.error)}
              </p>
            ) : null}
          </form>
        ) : null}
      </section>

      <section aria-labelledby="channel-defaults-heading" className="flex flex-col gap-3">
        <h2 id="channel-defaults-heading" className="text-lg font-medium">
          Channel defaults
        </h2>
        <p className="text-sm text-muted">
          A request in the channel that neither names a repository nor a keyword works on its repository. The channel ID
          is at the bottom of the channel&rsquo;s details in Slack.
        </p>
        {view.channelDefaults.length === 0 ? (
          <p className="text-sm">No channel defaults.</p>
        ) : (
          <ul
            aria-label="Channel defaults"
            className="flex flex-col divide-y divide-border rounded-md border border-border"
          >
            {view.channelDefaults.map((entry) => (
              <li key={entry.channel} className="flex items-center justify-between gap-4 px-3 py-2 text-sm">
                <span>
                  <code>{entry.channel}</code> → {entry.repository.owner}/{entry.repository.name}
                </span>
                {view.canChange ? (
                  <Button variant="ghost" size="sm" onClick={() => removeDefault.mutate({ channel: entry.channel })}>
                    Remove<span className="sr-only"> the default of {entry.channel}</span>
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {view.canChange ? (
          <form onSubmit={submitDefault} className="flex flex-wrap items-end gap-3" noValidate>
            <Field label="Channel ID" htmlFor="slack-default-channel" error={defaultError("channel")}>
              <Input
                {...fieldControlProps("slack-default-channel", { error: defaultError("channel") })}
                value={channelDefault.channel}
                placeholder="C0123ABCDEF"
                onChange={(event) => setChannelDefault({ ...channelDefault, channel: event.target.value })}
              />
            </Field>
            <Field label="Repository" htmlFor="slack-default-repository" error={defaultError("repositoryId")}>
              <select
                {...fieldControlProps("slack-default-repository", { error: defaultError("repositoryId") })}
                className={`${selectClasses} w-64`}
                value={channelDefault.repositoryId}
                onChange={(event) => setChannelDefault({ ...channelDefault, repositoryId: event.target.value })}
              >
                <option value="">Choose a repository</option>
                {repositoryOptions}
              </select>
            </Field>
            <Button type="submit" disabled={setDefault.isPending}>
              Save default
            </Button>
          </form>
        ) : null}
      </section>
    </div>
  );
}
