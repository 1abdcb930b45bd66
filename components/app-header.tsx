"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "@/components/ui/menu";
import { signOutAction } from "@/server/auth/actions";

type AppHeaderProps = { user: { name: string | null; email: string | null } };

const NAVIGATION = [
  { href: "/sessions", label: "Sessions" },
  { href: "/automations", label: "Automations" },
  { href: "/repositories", label: "Repositories" },
  { href: "/settings/secrets", label: "Secrets" },
  { href: "/settings/models", label: "Models" },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/general", label: "Settings" },
];

export function AppHeader({ user }: AppHeaderProps) {
  const label = user.name ?? user.email ?? "Account";
  const pathname = usePathname();
  return (
    <header className="border-b border-border bg-surface">
      <div className="mx-auto flex h-14 max-w-5xl items-center justify-between px-6">
        <nav className="flex items-center gap-6 text-sm">
          <Link href="/sessions" className="font-semibold tracking-tight">
            Nightshift
          </Link>
          {NAVIGATION.map(({ href, label: text }) => {
            const isCurrent = pathname === href || pathname.startsWith(`${href}/`);
            return (
              <Link
                key={href}
                href={href}
                aria-current={isCurrent ? "page" : undefined}
                className={isCurrent ? "font-medium text-foreground" : "text-muted hover:text-foreground"}
              >
                {text}
              </Link>
            );
          })}
        </nav>
        <Menu>
          <MenuTrigger
            className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-surface-raised focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            aria-label={`Account menu for ${label}`}
          >
            <span
              aria-hidden
              className="flex size-7 items-center justify-center rounded-full bg-accent text-xs font-semibold text-accent-foreground"
            >
              {label.slice(0, 1).toUpperCase()}
            </span>
            <span>{label}</span>
          </MenuTrigger>
          <MenuContent>
            <MenuLabel>{user.email}</MenuLabel>
            <MenuSeparator />
            <MenuItem onSelect={() => void signOutAction()}>Sign out</MenuItem>
          </MenuContent>
        </Menu>
      </div>
    </header>
  );
}
