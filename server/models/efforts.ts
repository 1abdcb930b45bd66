// Which reasoning efforts a model offers, and what becomes of a chosen effort when the model
// changes: it carries over to a model that offers it, and otherwise gives way to that model's own
// default. One rule for the server (./resolve-model.ts) and for the forms that choose a model and
// an effort (the new-session form, the composer, repository settings). Pure and free of server
// imports, so browser code imports it too.

/** An effort as the catalog (server/models/catalog.ts) and the model list (./list-models.ts) give it. */
type EffortLike = { id: string };

/**
 * The efforts of the model `modelId` in `models`, in the order to show them. None for a model not
 * in the list, and none while the list is not loaded yet (`undefined`).
 */
export function effortsOf<TEffort extends EffortLike>(
  models: ReadonlyArray<{ id: string; efforts: readonly TEffort[] }> | undefined,
  modelId: string | null | undefined,
): readonly TEffort[] {
  return models?.find((model) => model.id === modelId)?.efforts ?? [];
}

/**
 * What the effort `chosen` becomes with a model offering `efforts`: that effort when the model
 * offers it (named in any case, with spaces around), else null, which is the model's own default.
 */
export function offeredEffort<TEffort extends EffortLike>(
  efforts: readonly TEffort[],
  chosen: string | null | undefined,
): TEffort | null {
  const id = chosen?.trim().toLowerCase();
  if (!id) return null;
  return efforts.find((effort) => effort.id === id) ?? null;
}
