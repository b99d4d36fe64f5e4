import { getTranslations } from "next-intl/server";
import { StorageBar } from "./storage-bar";

/**
 * A member's MFA state and storage used as Postgres keeps them (families.refresh-live-status):
 * the page renders without asking Authentik or Immich, and says how old the figures are.
 */
export async function MemberMfa({ enrolled, checked }: { enrolled: boolean | null; checked: boolean }) {
  const t = await getTranslations("family.members");
  if (!checked) return <span className="text-stone-600">{t("checking")}</span>;
  if (enrolled === null) return <span className="text-stone-600">{t("mfaUnknown")}</span>;
  return enrolled ? (
    <span className="text-emerald-800">{t("mfaOn")}</span>
  ) : (
    <span className="font-semibold text-red-700">{t("noMfa")}</span>
  );
}

export async function MemberUsage({
  usedBytes,
  immichUserId,
  quotaBytes,
  name,
  checked,
}: {
  usedBytes: number | null;
  immichUserId: string | null;
  quotaBytes: number | null;
  name: string;
  checked: boolean;
}) {
  const t = await getTranslations("family.members");
  if (!immichUserId) return <span className="text-sm text-amber-800">{t("accountBeingCreated")}</span>;
  if (!checked) return <span className="text-sm text-stone-600">{t("loading")}</span>;
  return <StorageBar usedBytes={usedBytes} quotaBytes={quotaBytes} label={t("storageUsedBy", { name })} />;
}
