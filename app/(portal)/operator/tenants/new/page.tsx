import type { Metadata } from "next";
import Link from "next/link";
import { registerTenantFormAction } from "@/app/(portal)/operator/actions";
import { TenantForm } from "@/components/operator/tenant-form";
import { Card } from "@/components/ui/card";
import { requireArea } from "@/lib/platform/viewer";

export const metadata: Metadata = { title: "Register a tenant" };

export default async function NewTenantPage() {
  await requireArea("operator");
  return (
    <>
      <Link href="/operator" className="text-sm text-brand-700 underline">
        ← Operator
      </Link>
      <h1 className="text-2xl font-bold">Register a tenant</h1>
      <Card>
        <p className="mb-4 text-sm text-stone-600">
          Castello checks the URL and key with Immich before saving (reachable, the right version, an admin key with the needed
          permissions), then creates the tenant&apos;s group in Authentik in the background.
        </p>
        <TenantForm action={registerTenantFormAction} />
      </Card>
    </>
  );
}
