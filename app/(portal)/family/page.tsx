import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requireArea } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db/client";
import { listActiveMembers } from "@/lib/families/queries";
import { formatBytes } from "@/lib/format";

export const metadata: Metadata = { title: "My family" };

export default async function FamilyPage() {
  const viewer = await requireArea("family");
  const db = getDb();
  const families = await Promise.all(
    viewer.memberships.map(async (membership) => ({ membership, members: await listActiveMembers(db, membership.familyId) })),
  );
  return (
    <>
      <h1 className="text-2xl font-bold">My family</h1>
      {families.map(({ membership, members }) => (
        <Card key={membership.familyId} title={membership.familyName}>
          <p className="mb-3 text-sm text-stone-600">
            On {membership.tenantName} · your role: <strong>{membership.role}</strong>
          </p>
          <table className="w-full text-left text-sm">
            <thead className="text-stone-500">
              <tr>
                <th className="py-2">Member</th>
                <th>Role</th>
                <th className="text-right">Storage quota</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.id} className="border-t border-stone-100">
                  <td className="py-2">
                    <div className="font-medium">{member.displayName}</div>
                    <div className="text-stone-500">{member.email}</div>
                  </td>
                  <td>{member.role}</td>
                  <td className="text-right">{formatBytes(member.quotaBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ))}
    </>
  );
}
