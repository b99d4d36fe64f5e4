import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { serverDeps } from "@/lib/platform/server";
import { requireArea } from "@/lib/platform/viewer";

export const metadata: Metadata = { title: "Authentik set-up" };

export default async function AuthentikSetupPage() {
  await requireArea("operator");
  const deps = serverDeps();
  const items = await deps.identity.checkSetup({
    operatorGroup: deps.operatorGroup,
    supportGroup: deps.supportGroup,
    applicationSlug: deps.signIn.applicationSlug,
    callbackUrl: deps.signIn.callbackUrl,
  });
  const missing = items.filter((item) => !item.ok).length;
  return (
    <>
      <Link href="/operator" className="text-sm text-brand-700 underline">
        ← Operator
      </Link>
      <h1 className="text-2xl font-bold">Authentik set-up</h1>
      <Card>
        <p className="mb-4 text-sm text-stone-700">
          {missing === 0
            ? "Everything Castello needs is in Authentik."
            : `${missing} item(s) missing or wrong. Apply the blueprint authentik/blueprints/castello.yaml (see docs/authentik-setup.md), then reload this page.`}
        </p>
        <ul className="space-y-2" aria-label="Authentik objects">
          {items.map((item) => (
            <li key={item.label} className="flex gap-3 text-sm">
              <span aria-hidden className={item.ok ? "text-emerald-700" : "text-red-700"}>
                {item.ok ? "✔" : "✘"}
              </span>
              <span className="font-medium">{item.label}</span>
              <span className={item.ok ? "text-stone-600" : "text-red-700"}>{item.ok ? item.detail : `Missing: ${item.detail}`}</span>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
