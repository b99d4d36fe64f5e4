"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, useTransition, type KeyboardEvent } from "react";
import type { SearchResults } from "@/lib/support/search";

const MIN_LENGTH = 3;
const DEBOUNCE_MS = 200;

/**
 * One search box over every tenant, as you type. Arrow keys move from the box through the
 * results and back; Enter opens one. Results come from a server action, so what support
 * types is in no URL or log.
 */
export function SearchBox({ search }: { search: (query: string) => Promise<SearchResults | null> }) {
  const t = useTranslations("support.search");
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<SearchResults | null>(null);
  const [pending, startTransition] = useTransition();
  const latest = useRef("");
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const text = query.trim();
    latest.current = text;
    if (text.length < MIN_LENGTH) return;
    const timer = setTimeout(() => {
      startTransition(async () => {
        const answer = await search(text);
        if (latest.current === text) setFound(answer);
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, search]);

  function move(event: KeyboardEvent) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...(list.current?.querySelectorAll<HTMLAnchorElement>("a[data-result]") ?? [])];
    if (links.length === 0) return;
    event.preventDefault();
    const input = document.getElementById("support-search");
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === "ArrowDown") links[Math.min(at + 1, links.length - 1)]!.focus();
    else if (at <= 0) input?.focus();
    else links[at - 1]!.focus();
  }

  // Too short to search: nothing is shown, whatever an earlier query found.
  const results = query.trim().length >= MIN_LENGTH ? found : null;
  const count = results ? results.people.length + results.families.length + results.invites.length : 0;
  return (
    <div onKeyDown={move} className="space-y-4">
      <div className="space-y-1">
        <label htmlFor="support-search" className="block text-sm font-medium text-stone-800">
          {t("label")}
        </label>
        <input
          id="support-search"
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          maxLength={100}
          autoComplete="off"
          aria-describedby="support-search-hint"
          aria-controls="support-search-results"
          className="block w-full rounded-md border border-stone-300 px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-brand-600"
        />
        <p id="support-search-hint" className="text-xs text-stone-500">
          {t("hint")}
        </p>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-stone-600">
        {pending ? t("searching") : results ? t("found", { count }) : ""}
      </p>
      <div id="support-search-results" ref={list} className="grid gap-4 md:grid-cols-3">
        {results ? (
          <>
            <Group title={t("people")} empty={t("none")}>
              {results.people.map((person) => (
                <li key={person.sub}>
                  <Link
                    data-result
                    href={`/support/people/${encodeURIComponent(person.sub)}`}
                    className="block rounded px-2 py-1 hover:bg-stone-100 focus:bg-stone-100"
                  >
                    <span className="block font-medium break-words text-brand-700">{person.name}</span>
                    <span className="block text-xs break-all text-stone-600">
                      {person.email} · {t("personLine", { tenant: person.tenantName, families: person.families })}
                    </span>
                  </Link>
                </li>
              ))}
            </Group>
            <Group title={t("families")} empty={t("none")}>
              {results.families.map((family) => (
                <li key={family.id}>
                  <Link
                    data-result
                    href={`/support/families/${family.id}`}
                    className="block rounded px-2 py-1 hover:bg-stone-100 focus:bg-stone-100"
                  >
                    <span className="block font-medium break-words text-brand-700">{family.name}</span>
                    <span className="block text-xs text-stone-600">
                      {t("familyLine", { tenant: family.tenantName, status: family.status })}
                    </span>
                  </Link>
                </li>
              ))}
            </Group>
            <Group title={t("invites")} empty={t("none")}>
              {results.invites.map((invite) => (
                <li key={invite.id}>
                  <Link
                    data-result
                    href={`/support/families/${invite.familyId}`}
                    className="block rounded px-2 py-1 hover:bg-stone-100 focus:bg-stone-100"
                  >
                    <span className="block font-medium break-all text-brand-700">{invite.email}</span>
                    <span className="block text-xs text-stone-600">
                      {t("inviteLine", { family: invite.familyName, tenant: invite.tenantName, status: invite.status })}
                    </span>
                  </Link>
                </li>
              ))}
            </Group>
          </>
        ) : null}
      </div>
    </div>
  );
}

function Group({ title, empty, children }: { title: string; empty: string; children: React.ReactNode[] }) {
  return (
    <section aria-label={title} className="min-w-0">
      <h2 className="mb-1 text-sm font-semibold text-stone-700">{title}</h2>
      {children.length === 0 ? <p className="px-2 text-sm text-stone-500">{empty}</p> : <ul className="space-y-1 text-sm">{children}</ul>}
    </section>
  );
}
