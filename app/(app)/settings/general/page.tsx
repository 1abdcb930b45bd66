// Nightshift's own settings and its administrators.
import type { Metadata } from "next";
import { GeneralSettingsView } from "@/components/settings/general-settings-view";

export const metadata: Metadata = { title: "Settings" };

export default function GeneralSettingsPage() {
  return <GeneralSettingsView />;
}
