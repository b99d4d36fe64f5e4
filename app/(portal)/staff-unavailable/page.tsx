import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { requireViewer } from "@/lib/platform/viewer";

export const metadata: Metadata = { title: "Staff access unavailable" };

/** Where a staff area sends its people while Authentik cannot confirm their groups: closed, and why. */
export default async function StaffUnavailablePage() {
  const viewer = await requireViewer();
  return (
    <>
      <h1 className="text-2xl font-bold">Staff pages are closed for a moment</h1>
      <Card>
        <p role="alert" className="text-stone-700">
          Castello checks every minute with Authentik that you are still in the operator or support group. Authentik is not answering, so
          the staff pages stay closed until it does: nobody keeps access that may have been taken away. Try again in a minute.
        </p>
        {viewer.areas.includes("family") ? (
          <p className="mt-3 text-sm">
            Your family pages are not affected:{" "}
            <Link href="/family" className="text-brand-700 underline">
              go to my family
            </Link>
            .
          </p>
        ) : null}
      </Card>
    </>
  );
}
