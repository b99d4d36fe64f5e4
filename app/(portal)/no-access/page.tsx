import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { landingPath } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/platform/viewer";

export const metadata: Metadata = { title: "No access yet" };

export default async function NoAccessPage() {
  const viewer = await requireViewer();
  if (viewer.areas.length > 0) redirect(landingPath(viewer.areas));
  return (
    <Card title="You are signed in, but not part of a family yet">
      <p className="text-stone-700">
        Your account ({viewer.email}) is not a member of any family on this service. Ask the person who manages your family to send you an
        invitation, then open the link in that e-mail.
      </p>
    </Card>
  );
}
