import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requireArea } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db/client";
import { listTenantsWithCounts } from "@/lib/tenants/queries";

export const metadata: Metadata = { title: "Operator" };

export default async function OperatorPage() {
  await requireArea("operator");
  const tenants = await listTenantsWithCounts(getDb());
  return (
    <>
      <h1 className="text-2xl font-bold">Operator</h1>
      <Card title="Tenants">
        {tenants.length === 0 ? (
          <p className="text-stone-600">No tenant is registered yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-stone-500">
              <tr>
                <th className="py-2">Tenant</th>
                <th>Immich</th>
                <th>Status</th>
                <th className="text-right">Families</th>
                <th className="text-right">Members</th>
              </tr>
            </thead>
            <tbody>
              {tenants.map((tenant) => (
                <tr key={tenant.id} className="border-t border-stone-100">
                  <td className="py-2">
                    <div className="font-medium">{tenant.displayName}</div>
                    <div className="text-stone-500">{tenant.slug}</div>
                  </td>
                  <td className="break-all">{tenant.immichUrl}</td>
                  <td>{tenant.status}</td>
                  <td className="text-right">{tenant.families}</td>
                  <td className="text-right">
                    {tenant.members} / {tenant.seatLimit} seats per family
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
