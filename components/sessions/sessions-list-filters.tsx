"use client";

import { Input } from "@/components/ui/input";
import { SegmentedControl } from "@/components/ui/segmented-control";
import type { SessionFilters } from "./sessions-list-params";

type SessionsListFiltersProps = { filters: SessionFilters; onChange: (filters: SessionFilters) => void };

export function SessionsListFilters({ filters, onChange }: SessionsListFiltersProps) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <SegmentedControl
        label="Whose sessions"
        value={filters.scope}
        onValueChange={(scope) => onChange({ ...filters, scope })}
        options={[
          { value: "mine", label: "Mine" },
          { value: "all", label: "All" },
        ]}
      />
      <SegmentedControl
        label="Active or archived"
        value={filters.state}
        onValueChange={(state) => onChange({ ...filters, state })}
        options={[
          { value: "active", label: "Active" },
          { value: "archived", label: "Archived" },
        ]}
      />
      <Input
        type="search"
        aria-label="Search sessions by title or repository"
        placeholder="Search by title or repository"
        value={filters.search}
        maxLength={200}
        onChange={(event) => onChange({ ...filters, search: event.target.value })}
        className="ml-auto h-8 w-full sm:w-72"
      />
    </div>
  );
}
