// The Linear agent's installation and mappings: docs/linear.md.
import type { Metadata } from "next";
import { LinearSettingsView } from "@/components/settings/linear-settings-view";

export const metadata: Metadata = { title: "Linear" };

export default function LinearSettingsPage() {
  return <LinearSettingsView />;
}
