"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";

export const NAV_ITEMS = [
  { href: "/", label: "Operations" },
  { href: "/register", label: "Register" },
  { href: "/registrations", label: "Registrations" },
  { href: "/imports", label: "Import" },
  { href: "/hubspot", label: "HubSpot objects" },
  { href: "/local", label: "Local records" },
  { href: "/webhooks", label: "Webhooks" },
  { href: "/api-keys", label: "API keys" },
  { href: "/docs", label: "API docs" },
] as const;

const isActive = (pathname: string, href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));

/** The main navigation: a row on wide screens, a menu button on narrow ones. */
export function NavLinks() {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const links = (
    <ul className="flex flex-col gap-1 md:flex-row md:items-center md:gap-1">
      {NAV_ITEMS.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              onClick={() => setOpen(false)}
              className={`block rounded-md px-3 py-2 text-sm font-medium ${
                active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"
              }`}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
  return (
    <nav aria-label="Main" className="md:flex-1">
      <button
        type="button"
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm md:hidden"
        aria-expanded={open}
        aria-controls="main-menu"
        onClick={() => setOpen((o) => !o)}
      >
        Menu
      </button>
      <div id="main-menu" className={`${open ? "block" : "hidden"} absolute inset-x-0 top-full z-20 border-b border-slate-200 bg-white p-2 shadow-md md:static md:block md:border-0 md:p-0 md:shadow-none`}>
        {links}
      </div>
    </nav>
  );
}
