"use server";

import { signIn } from "@/lib/auth/config";

export async function signInWithAuthentik(): Promise<void> {
  await signIn("authentik", { redirectTo: "/" });
}
