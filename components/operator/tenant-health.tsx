import { getTranslations } from "next-intl/server";
import { useTranslations } from "next-intl";
import { message } from "@/lib/i18n/message";
import { render } from "@/lib/i18n/translate";
import type { PhotosHealth } from "@/lib/photos/port";

/** Streams in after the table: a live Immich ping and version for one tenant. */
export async function TenantHealth({ health }: { health: Promise<PhotosHealth> | undefined }) {
  const [result, t, translate] = await Promise.all([health, getTranslations("operator"), getTranslations()]);
  if (!result) return null;
  return result.reachable ? (
    <span className="text-emerald-700">{t("health.immichVersion", { version: result.version ?? "" })}</span>
  ) : (
    <span className="text-red-700" title={render(translate, result.error ?? message("operator.health.unknownError"))}>
      {t("health.immichUnreachable")}
    </span>
  );
}

export function HealthPending() {
  const t = useTranslations("operator");
  return <span className="text-stone-400">{t("health.checking")}</span>;
}
