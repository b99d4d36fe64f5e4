import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ActionState } from "@/lib/actions/action-state";
import type { IdentityAccountDetail, MfaDevice } from "@/lib/identity/port";
import type { PhotosUser } from "@/lib/photos/port";
import { formatBytes } from "@/lib/format";
import type { Answer } from "@/lib/support/upstream";
import { ReasonActionForm } from "./reason-action-form";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** Streams in: the person's account at the identity provider. */
export async function IdentityPanel({ account }: { account: Promise<Answer<IdentityAccountDetail | undefined>> }) {
  const [t, format, answer] = await Promise.all([getTranslations("support.review"), getFormatter(), account]);
  if (!answer.ok) return <p className="text-sm text-amber-800">{t("identityDown")}</p>;
  if (!answer.value) return <p className="text-sm text-stone-700">{t("accountGone")}</p>;
  const user = answer.value;
  const when = (date: Date | null) => (date ? format.dateTime(date, "timestamp") : t("never"));
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
      <dt className="font-medium">{t("username")}</dt>
      <dd className="break-all">{user.username}</dd>
      <dt className="font-medium">{t("email")}</dt>
      <dd className="break-all">{user.email}</dd>
      <dt className="font-medium">{t("active")}</dt>
      <dd>{user.isActive ? t("activeYes") : <span className="font-semibold text-red-700">{t("activeNo")}</span>}</dd>
      <dt className="font-medium">{t("created")}</dt>
      <dd>{when(user.createdAt)}</dd>
      <dt className="font-medium">{t("lastLogin")}</dt>
      <dd>{when(user.lastLoginAt)}</dd>
      <dt className="font-medium">{t("groups")}</dt>
      <dd className="break-words">{user.groupNames.length > 0 ? user.groupNames.join(", ") : t("noGroups")}</dd>
    </dl>
  );
}

/** Streams in: the person's MFA devices, each with a reset, and a reset of all of them. */
export async function MfaPanel({
  devices,
  sub,
  resetAction,
}: {
  devices: Promise<Answer<MfaDevice[]>>;
  sub: string;
  resetAction: FormAction;
}) {
  const [t, format, answer] = await Promise.all([getTranslations("support.review"), getFormatter(), devices]);
  if (!answer.ok) return <p className="text-sm text-amber-800">{t("identityDown")}</p>;
  if (answer.value.length === 0) return <p className="text-sm text-stone-700">{t("noDevices")}</p>;
  const when = (date: Date | null) => (date ? format.dateTime(date, "timestamp") : t("never"));
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-stone-100 text-sm" aria-label={t("mfa")}>
        {answer.value.map((device) => (
          <li key={`${device.kind}-${device.id}`} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span className="min-w-0">
              <span className="font-medium break-words">{device.name}</span>{" "}
              <span className="text-stone-600">({t("deviceKind", { kind: device.kind })})</span>
              <span className="block text-xs text-stone-600">
                {t("deviceDates", { created: when(device.createdAt), used: when(device.lastUsedAt) })}
              </span>
            </span>
            {device.kind !== "other" ? (
              <ReasonActionForm
                action={resetAction}
                fields={{ sub, deviceId: device.id, deviceKind: device.kind }}
                label={t("resetDevice")}
                title={t("resetDeviceTitle", { name: device.name })}
                explanation={t("resetExplanation")}
                confirmLabel={t("resetDevice")}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <ReasonActionForm
        action={resetAction}
        fields={{ sub }}
        label={t("resetAll")}
        title={t("resetAllTitle")}
        explanation={t("resetExplanation")}
        confirmLabel={t("resetAll")}
      />
    </div>
  );
}

/** Streams in: the person's photos user on one tenant, with a restore while it is soft-deleted. */
export async function PhotosPanel({
  user,
  sub,
  memberId,
  restoreAction,
}: {
  user: Promise<Answer<PhotosUser | undefined>>;
  sub: string;
  memberId: number;
  restoreAction: FormAction;
}) {
  const [t, format, locale, answer] = await Promise.all([getTranslations("support.review"), getFormatter(), getLocale(), user]);
  if (!answer.ok) return <p className="text-sm text-amber-800">{t("photosDown")}</p>;
  if (!answer.value) return <p className="text-sm text-stone-700">{t("photosGone")}</p>;
  const photos = answer.value;
  return (
    <div className="space-y-2 text-sm">
      <p>
        {t("photosStatus", { status: photos.status })}
        {photos.restorableUntil ? ` ${t("restorableUntil", { date: format.dateTime(photos.restorableUntil, "timestamp") })}` : null}
      </p>
      <p>
        {t("photosUsage", {
          used: photos.usageBytes === null ? "?" : formatBytes(photos.usageBytes, locale),
          quota: photos.quotaBytes === null ? t("unlimited") : formatBytes(photos.quotaBytes, locale),
        })}
      </p>
      {photos.status === "deleted" ? (
        <ReasonActionForm
          action={restoreAction}
          fields={{ sub, memberId }}
          label={t("restorePhotos")}
          title={t("restorePhotosTitle")}
          explanation={t("restorePhotosExplanation")}
          confirmLabel={t("restorePhotos")}
          variant="primary"
        />
      ) : null}
    </div>
  );
}
