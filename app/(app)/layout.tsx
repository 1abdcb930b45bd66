import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header";
import { getCurrentUser } from "@/server/auth";

// Every page in this group needs a signed-in person; visitors go to the sign-in page.
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={{ name: user.name, email: user.email }} />
      <main className="mx-auto w-full max-w-5xl flex-1 px-6 py-8">{children}</main>
    </div>
  );
}
