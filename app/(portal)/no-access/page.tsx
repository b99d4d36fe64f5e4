import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { landingPath } from "@/lib/auth/roles";
import { listPausedMemberships } from "@/lib/membership/account";
import { serverDeps } from "@/lib/platform/server";
import { requireViewer } from "@/lib/platform/viewer";

export async function generateMetadata() {
  return { title: (await getTranslations("pages.noAccess"))("metaTitle") };
}

export default async function NoAccessPage() {
  const viewer = await requireViewer();
  if (viewer.areas.length > 0) redirect(landingPath(viewer.areas));
  const [t, paused] = await Promise.all([getTranslations("pages.noAccess"), listPausedMemberships(serverDeps().db, viewer.sub)]);
  return (
    <>
      <h1 className="text-2xl font-bold">{paused.length > 0 ? t("pausedTitle") : t("title")}</h1>
      <Card>
        {paused.length > 0 ? (
          <ul className="space-y-2 text-stone-700">
            {paused.map((family) => (
              <li key={family.familyId}>{t("paused", { family: family.familyName, status: family.status })}</li>
            ))}
          </ul>
        ) : (
          <p className="text-stone-700">{t("body", { email: viewer.email })}</p>
        )}
      </Card>
    </>
  );
}
