import { PublicShell } from "@/components/layout/public-shell";
import { chooseLocale } from "@/app/actions/choose-locale";

export default function PublicLayout({ children }: { children: React.ReactNode }) {
  return <PublicShell chooseLocale={chooseLocale}>{children}</PublicShell>;
}
