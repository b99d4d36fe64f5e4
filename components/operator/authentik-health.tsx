import { getTranslations } from "next-intl/server";
import type { IdentityHealth } from "@/lib/identity/port";
import { message } from "@/lib/i18n/message";
import { render } from "@/lib/i18n/translate";

/** Streams in: whether Authentik answers and accepts Castello's API token. */
export async function AuthentikHealthBadge({ health }: { health: Promise<IdentityHealth> }) {
  const [result, t, translate] = await Promise.all([health, getTranslations("operator"), getTranslations()]);
  if (result.reachable && result.credentialsAccepted) return <p className="text-emerald-700">{t("health.authentikOk")}</p>;
  const error = render(translate, result.error ?? message("operator.health.unknownError"));
  return (
    <p role="alert" className="text-red-700">
      {result.reachable ? t("health.authentikTokenRefused", { error }) : t("health.authentikUnreachable", { error })}
    </p>
  );
}
