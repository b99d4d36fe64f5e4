"use server";

import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/config";
import { endSessionUrl } from "@/lib/auth/end-session";

/** Ends the Castello session, then the Authentik session through its end-session endpoint. */
export async function signOutEverywhere(): Promise<void> {
  const target = await endSessionUrl();
  await signOut({ redirect: false });
  redirect(target ?? "/");
}
