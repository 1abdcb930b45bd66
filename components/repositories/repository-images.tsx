"use client";

// A repository's prebuilt images, on its settings page: the image new sessions start from, each
// recent build's state (building, ready, failed with its reason and setup.sh's output, retired),
// and "Rebuild now". Refreshed every few seconds while a build runs. docs/sessions.md#images.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { RepositoryImageView } from "@/server/sandboxes/images/repository-images";

const STATE_LABEL: Record<RepositoryImageView["status"], string> = {
  building: "Building",
  ready: "Ready",
  failed: "Failed",
  retired: "Retired",
};

export function RepositoryImages({ repositoryId }: { repositoryId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const images = useQuery({
    ...trpc.repository.images.queryOptions({ id: repositoryId }),
    refetchInterval: (query) => (query.state.data?.images.some((image) => image.status === "building") ? 3_000 : false),
  });
  const rebuild = useMutation(
    trpc.repository.rebuildImage.mutationOptions({
      onSuccess: () => toast({ title: "Image build started", variant: "success" }),
      onError: (error) =>
        toast({ title: "Could not start a build", description: errorMessage(error), variant: "error" }),
      onSettled: () =>
        queryClient.invalidateQueries({ queryKey: trpc.repository.images.queryKey({ id: repositoryId }) }),
    }),
  );

  const data = images.data;
  const building = data?.images.find((image) => image.status === "building");
  const state = !data
    ? null
    : building
      ? "building"
      : data.current
        ? "ready"
        : data.images[0]?.status === "failed"
          ? "failed"
          : "none";

  return (
    <section aria-labelledby="repository-images" className="flex max-w-2xl flex-col gap-4 border-t border-border pt-8">
      <div>
        <h2 id="repository-images" className="text-lg font-semibold">
          Images
        </h2>
        <p className="text-sm text-muted">
          New sessions on the default branch start from the newest image: cloned, <code>setup.sh</code> run, saved. One
          is built every 30 minutes when the default branch moved.
        </p>
      </div>
      {images.isPending ? (
        <p className="text-sm text-muted">Loading images…</p>
      ) : images.isError ? (
        <p role="alert" className="text-sm text-danger">
          Could not load the images: {errorMessage(images.error)}
        </p>
      ) : (
        <>
          <p className="text-sm" data-testid="image-state">
            {state === "building" && "An image is being built."}
            {state === "ready" && data!.current && (
              <>
                Ready: <code>{data!.current.branch}</code> at <code>{data!.current.commitSha?.slice(0, 7)}</code>, built{" "}
                <RelativeTime date={new Date(data!.current.finishedAt ?? data!.current.createdAt)} />.
              </>
            )}
            {state === "failed" && "The last build failed; new sessions boot fresh."}
            {state === "none" && "No image yet; new sessions boot fresh."}
            {!data!.enabled && " Image builds are off for this repository (above)."}
          </p>
          <div>
            <Button
              variant="secondary"
              size="sm"
              disabled={!data!.enabled || Boolean(building) || rebuild.isPending}
              onClick={() => rebuild.mutate({ id: repositoryId })}
            >
              {building ? "Building…" : "Rebuild now"}
            </Button>
          </div>
          {data!.images.length > 0 ? (
            <ul className="flex flex-col gap-3" aria-label="Recent image builds">
              {data!.images.map((image) => (
                <ImageRow key={image.id} image={image} />
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}

function ImageRow({ image }: { image: RepositoryImageView }) {
  const sizeMb = image.sizeBytes / 1024 / 1024;
  return (
    <li className="rounded border border-border p-3 text-sm">
      <div className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-medium">{STATE_LABEL[image.status]}</span>
        <span className="text-muted">
          <code>{image.branch}</code>
          {image.commitSha ? (
            <>
              {" "}
              at <code>{image.commitSha.slice(0, 7)}</code>
            </>
          ) : null}
          {" · "}
          {image.trigger === "manual" ? `rebuilt by ${image.requestedBy?.name ?? "someone"}` : "scheduled"}
          {" · "}
          <RelativeTime date={new Date(image.createdAt)} />
          {image.durationMs !== null ? ` · ${Math.round(image.durationMs / 1000)} s` : ""}
          {image.status === "ready" ? ` · ${sizeMb.toFixed(1)} MB` : ""}
        </span>
      </div>
      {image.error ? <p className="mt-1">{image.error}</p> : null}
      {image.output && image.status === "failed" ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-muted">Output of setup.sh</summary>
          <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap rounded bg-surface p-2 text-xs">
            {image.output}
          </pre>
        </details>
      ) : null}
    </li>
  );
}
