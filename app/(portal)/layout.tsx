import { NoticeProvider } from "@/components/forms/notice";
import { PortalHeader } from "@/components/layout/portal-header";
import { requireViewer } from "@/lib/platform/viewer";
import { chooseLocale } from "@/app/actions/choose-locale";
import { signOutEverywhere } from "@/app/actions/sign-out";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  return (
    <>
      <PortalHeader name={viewer.name} areas={viewer.areas} signOut={signOutEverywhere} chooseLocale={chooseLocale} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl space-y-6 px-4 py-8 focus:outline-none">
        <NoticeProvider>{children}</NoticeProvider>
      </main>
    </>
  );
}
