import { getFormatter, getTranslations } from "next-intl/server";
import { useTranslations } from "next-intl";
import { message } from "@/lib/i18n/message";
import { render } from "@/lib/i18n/translate";
import type { PhotosHealth } from "@/lib/photos/port";

/** A tenant's last Immich ping and version, as tenant.refresh-overview recorded it, with its age. */
export async function TenantHealth({ health, checkedAt }: { health: PhotosHealth | null; checkedAt: Date | null }) {
  const [t, translate, format] = await Promise.all([getTranslations("operator"), getTranslations(), getFormatter()]);
  if (!health || !checkedAt) return <HealthPending />;
  const age = <span className="block text-xs text-stone-600">{format.relativeTime(checkedAt, new Date())}</span>;
  return health.reachable ? (
    <span className="text-emerald-700">
      {t("health.immichVersion", { version: health.version ?? "" })}
      {age}
    </span>
  ) : (
    <span className="text-red-700" title={render(translate, health.error ?? message("operator.health.unknownError"))}>
      {t("health.immichUnreachable")}
      {age}
    </span>
  );
}

export function HealthPending() {
  const t = useTranslations("operator");
  return <span className="text-stone-600">{t("health.checking")}</span>;
}
