import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/forms/action-form";
import type { ActionState } from "@/lib/actions/action-state";
import type { TenantFamilyPage } from "@/lib/families/tenant-list";
import { formatBytes } from "@/lib/format";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** A tenant's families for the operator: a search, one page of families as cards, a pager. */
export async function TenantFamilies({
  tenantId,
  page,
  search,
  resendAction,
  revokeAction,
}: {
  tenantId: number;
  page: TenantFamilyPage;
  search: string;
  resendAction: FormAction;
  revokeAction: FormAction;
}) {
  const [t, tc, locale] = await Promise.all([getTranslations("operator.families"), getTranslations("common"), getLocale()]);
  const base = `/operator/tenants/${tenantId}`;
  const pageLink = (target: number) =>
    `${base}?${new URLSearchParams({ ...(search ? { q: search } : {}), page: String(target) })}#families`;
  return (
    <section id="families" aria-labelledby="families-title" className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-stone-200">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="families-title" className="text-lg font-semibold">
          {t("title", { count: page.total })}
        </h2>
        <Link
          href={`${base}/families/new`}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          {t("new")}
        </Link>
      </div>
      <form role="search" action={`${base}#families`} className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 space-y-1">
          <label htmlFor="family-search" className="block text-sm font-medium">
            {t("search")}
          </label>
          <input
            id="family-search"
            name="q"
            type="search"
            defaultValue={search}
            maxLength={100}
            className="block w-full rounded-md border border-stone-300 px-3 py-2 text-sm"
          />
        </div>
        <button type="submit" className="rounded-md px-4 py-2 text-sm font-semibold ring-1 ring-stone-300 hover:bg-stone-100">
          {t("searchButton")}
        </button>
      </form>
      {page.rows.length === 0 ? (
        <p className="text-stone-600">{search ? t("noMatch", { search }) : t("none")}</p>
      ) : (
        <ul className="divide-y divide-stone-100" aria-label={t("list")}>
          {page.rows.map((family) => (
            <li key={family.id} className="grid gap-2 py-3 text-sm sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1.5fr)]">
              <div className="min-w-0">
                <Link href={`${base}/families/${family.id}`} className="font-medium break-words text-brand-700 underline">
                  {family.name}
                </Link>
                {family.status !== "active" ? (
                  <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">
                    {t("statusBadge", { status: family.status })}
                  </span>
                ) : null}
                <div className="break-all text-stone-600">
                  {family.waitingForOwner
                    ? t("waitingForOwner", { email: family.ownerEmail ?? "" })
                    : family.ownerEmail
                      ? t("owner", { name: family.ownerName ?? family.ownerEmail, email: family.ownerEmail })
                      : t("noOwner")}
                </div>
              </div>
              <div>{t("seats", { used: family.activeMembers + family.pendingInvites, limit: family.seatLimit })}</div>
              <div>
                {t("storage", { given: formatBytes(family.allocatedBytes, locale), allowance: formatBytes(family.allowanceBytes, locale) })}
              </div>
              {family.waitingForOwner && family.ownerInviteId ? (
                <div className="flex flex-wrap gap-2 sm:col-span-3">
                  <ActionForm
                    action={resendAction}
                    fields={{ familyId: family.id, inviteId: family.ownerInviteId }}
                    label={t("resend", { email: family.ownerEmail ?? "" })}
                    pendingLabel={t("sending")}
                  />
                  <ActionForm
                    action={revokeAction}
                    fields={{ familyId: family.id, inviteId: family.ownerInviteId }}
                    label={t("revoke", { email: family.ownerEmail ?? "" })}
                    pendingLabel={t("revoking")}
                    confirm={{
                      title: t("revokeTitle", { email: family.ownerEmail ?? "" }),
                      explanation: t("revokeExplanation", { family: family.name }),
                      confirmLabel: t("revokeConfirm"),
                      cancelLabel: tc("confirm.cancel"),
                    }}
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {page.pages > 1 ? (
        <nav aria-label={t("pages")} className="flex flex-wrap items-center gap-3 text-sm">
          {page.page > 1 ? (
            <Link href={pageLink(page.page - 1)} className="text-brand-700 underline" rel="prev">
              {t("previous")}
            </Link>
          ) : null}
          <span>{t("pageOf", { page: page.page, pages: page.pages })}</span>
          {page.page < page.pages ? (
            <Link href={pageLink(page.page + 1)} className="text-brand-700 underline" rel="next">
              {t("next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
