import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { requireArea } from "@/lib/auth/viewer";
import { checkAuthentikSetup } from "@/lib/authentik/setup-check";
import { getEnv } from "@/lib/env";
import { getAuthentik } from "@/lib/server/integrations";

export const metadata: Metadata = { title: "Authentik set-up" };

function applicationSlugOf(issuer: string): string {
  return /\/application\/o\/([^/]+)\/?$/.exec(new URL(issuer).pathname)?.[1] ?? "castello";
}

export default async function AuthentikSetupPage() {
  await requireArea("operator");
  const env = getEnv();
  const items = await checkAuthentikSetup(getAuthentik(), {
    operatorGroup: env.CASTELLO_OPERATOR_GROUP,
    supportGroup: env.CASTELLO_SUPPORT_GROUP,
    applicationSlug: applicationSlugOf(env.AUTH_AUTHENTIK_ISSUER),
    callbackUrl: new URL("/api/auth/callback/authentik", env.AUTH_URL).href,
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
