import type { Metadata } from "next";
import { AutomationForm } from "@/components/automations/automation-form";

export const metadata: Metadata = { title: "New automation" };

export default function NewAutomationPage() {
  return <AutomationForm />;
}
