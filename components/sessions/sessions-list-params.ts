// The sessions list's filters, kept in the address (?scope=all&state=archived&q=engine) so a
// filtered list can be shared and survives a reload. Defaults are left out of the address.

export type SessionScope = "mine" | "all";
export type SessionState = "active" | "archived";
export type SessionFilters = { scope: SessionScope; state: SessionState; search: string };

export const DEFAULT_FILTERS: SessionFilters = { scope: "mine", state: "active", search: "" };

type SearchParams = Record<string, string | string[] | undefined>;

export function parseSessionFilters(params: SearchParams): SessionFilters {
  const first = (name: string) => [params[name]].flat()[0];
  return {
    scope: first("scope") === "all" ? "all" : "mine",
    state: first("state") === "archived" ? "archived" : "active",
    search: (first("q") ?? "").slice(0, 200),
  };
}

export function sessionFiltersQuery(filters: SessionFilters): string {
  const params = new URLSearchParams();
  if (filters.scope !== DEFAULT_FILTERS.scope) params.set("scope", filters.scope);
  if (filters.state !== DEFAULT_FILTERS.state) params.set("state", filters.state);
  if (filters.search.trim()) params.set("q", filters.search.trim());
  const query = params.toString();
  return query ? `?${query}` : "";
}
