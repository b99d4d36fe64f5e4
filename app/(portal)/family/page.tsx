import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { requireArea } from "@/lib/platform/viewer";

export const metadata: Metadata = { title: "My family" };

export default async function FamiliesPage() {
  const viewer = await requireArea("family");
  if (viewer.memberships.length === 1) redirect(`/family/${viewer.memberships[0]!.familyId}`);
  return (
    <>
      <h1 className="text-2xl font-bold">My families</h1>
      <Card>
        <ul className="space-y-2">
          {viewer.memberships.map((membership) => (
            <li key={membership.familyId}>
              <Link href={`/family/${membership.familyId}`} className="font-medium text-brand-700 underline">
                {membership.familyName}
              </Link>{" "}
              <span className="text-sm text-stone-600">
                on {membership.tenantName}, {membership.role}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
