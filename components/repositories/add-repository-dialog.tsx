"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field, fieldControlProps, Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useInstanceSettings } from "@/lib/settings/use-instance-settings";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, fieldError } from "@/lib/trpc/errors";

export function AddRepositoryDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [isOpen, setIsOpen] = useState(false);
  const [path, setPath] = useState("");
  const settings = useInstanceSettings();
  const refusal = settings.data?.localRepositories.reason ?? null;
  const add = useMutation(
    trpc.repository.addLocal.mutationOptions({
      onSuccess: async (repository) => {
        await queryClient.invalidateQueries({ queryKey: trpc.repository.list.queryKey() });
        toast({ title: `Added ${repository.name}`, variant: "success" });
        setIsOpen(false);
        setPath("");
        add.reset();
      },
    }),
  );
  const pathError = add.error ? (fieldError(add.error, "path") ?? errorMessage(add.error)) : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    add.mutate({ path });
  }

  return (
    <Dialog
      open={isOpen}
      onOpenChange={(open) => {
        setIsOpen(open);
        if (!open) add.reset();
      }}
    >
      {refusal ? (
        // Local repositories are off here: say why where the button would be.
        <p className="max-w-sm text-right text-sm text-muted">{refusal}</p>
      ) : (
        <DialogTrigger asChild>
          <Button>Add repository</Button>
        </DialogTrigger>
      )}
      <DialogContent>
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <DialogTitle>Add a local repository</DialogTitle>
          <DialogDescription>
            A git repository on the machine running Nightshift, with at least one commit.
          </DialogDescription>
          <Field
            label="Path"
            htmlFor="repository-path"
            hint="An absolute path, like /home/you/code/project"
            error={pathError}
          >
            <Input
              {...fieldControlProps("repository-path", { hint: true, error: pathError })}
              value={path}
              onChange={(event) => setPath(event.target.value)}
              placeholder="/home/you/code/project"
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
            />
          </Field>
          <DialogFooter>
            <Button type="submit" disabled={add.isPending}>
              {add.isPending ? "Adding…" : "Add repository"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
