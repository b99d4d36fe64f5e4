import { StorageBar } from "./storage-bar";

/** Streams in: the member's storage used, from the usage the page asked for once for everyone. */
export async function UsageCell({
  usage,
  immichUserId,
  quotaBytes,
  name,
}: {
  usage: Promise<Map<string, number> | null>;
  immichUserId: string | null;
  quotaBytes: number | null;
  name: string;
}) {
  if (!immichUserId) return <span className="text-sm text-amber-700">account being created</span>;
  const used = await usage;
  return <StorageBar usedBytes={used ? (used.get(immichUserId) ?? 0) : null} quotaBytes={quotaBytes} label={`Storage used by ${name}`} />;
}

/** Streams in: whether the member has MFA set up (null: the identity provider could not be asked). */
export async function MfaCell({ mfa }: { mfa: Promise<boolean | null> | null }) {
  if (!mfa) return <span className="text-stone-500">unknown</span>;
  const enabled = await mfa;
  if (enabled === null) return <span className="text-stone-500">unknown (Authentik unreachable)</span>;
  return enabled ? <span className="text-emerald-700">MFA on</span> : <span className="font-semibold text-red-700">no MFA</span>;
}
