import { getTranslations } from "next-intl/server";
import { StorageBar } from "./storage-bar";

/** Streams in: the member's storage used, from the usage the page asked for once for everyone. */
export async function UsageCell({
  usage,
  immichUserId,
  quotaBytes,
  name,
}: {
  usage: Promise<Map<string, number> | null>;
  immichUserId: string | null;
  quotaBytes: number | null;
  name: string;
}) {
  const t = await getTranslations("family.members");
  if (!immichUserId) return <span className="text-sm text-amber-800">{t("accountBeingCreated")}</span>;
  const used = await usage;
  return (
    <StorageBar usedBytes={used ? (used.get(immichUserId) ?? 0) : null} quotaBytes={quotaBytes} label={t("storageUsedBy", { name })} />
  );
}

/** Streams in: whether the member has MFA set up (null: the identity provider could not be asked). */
export async function MfaCell({ mfa }: { mfa: Promise<boolean | null> | null }) {
  const t = await getTranslations("family.members");
  if (!mfa) return <span className="text-stone-600">{t("mfaUnknown")}</span>;
  const enabled = await mfa;
  if (enabled === null) return <span className="text-stone-600">{t("mfaUnreachable")}</span>;
  return enabled ? (
    <span className="text-emerald-800">{t("mfaOn")}</span>
  ) : (
    <span className="font-semibold text-red-700">{t("noMfa")}</span>
  );
}
