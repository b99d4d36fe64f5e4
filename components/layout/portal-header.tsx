import Link from "next/link";
import type { Area } from "@/lib/auth/roles";
import { SignOutButton } from "./sign-out-button";

const AREA_LABELS: Record<Area, string> = { operator: "Operator", support: "Support", family: "My family" };

export function PortalHeader({ name, areas, signOut }: { name: string; areas: Area[]; signOut: () => Promise<void> }) {
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href="/" className="text-lg font-bold text-brand-700">
          Castello
        </Link>
        <nav aria-label="Areas" className="flex gap-3 text-sm">
          {areas.map((area) => (
            <Link key={area} href={`/${area}`} className="rounded px-2 py-1 hover:bg-stone-100">
              {AREA_LABELS[area]}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span aria-label="Signed in as">{name}</span>
          <SignOutButton action={signOut} />
        </div>
      </div>
    </header>
  );
}
