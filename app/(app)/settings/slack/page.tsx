// Slack's keyword rules and channel defaults: docs/slack.md#which-repository.
import type { Metadata } from "next";
import { SlackSettingsView } from "@/components/settings/slack-settings-view";

export const metadata: Metadata = { title: "Slack" };

export default function SlackSettingsPage() {
  return <SlackSettingsView />;
}
