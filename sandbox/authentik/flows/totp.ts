import { generateSecret, generateSync, generateURI, verifySync } from "otplib";
import type * as QRCode from "qrcode";

/** The TOTP parameters of Authentik's setup stage (django-otp's defaults). */
const PERIOD = 30;
const DIGITS = 6;

/** A base32 secret of 20 random bytes, as django-otp's TOTPDevice key. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The `otpauth://` URI an authenticator app scans; Authentik's issuer is the brand title. */
export function totpUri(secret: string, username: string, issuer = "authentik"): string {
  return generateURI({ issuer, label: username, secret, period: PERIOD, digits: DIGITS });
}

/** The current code for a secret (tests use this to play the authenticator app). */
export function totpCode(secret: string, at: Date = new Date()): string {
  return generateSync({ secret, period: PERIOD, digits: DIGITS, epoch: Math.floor(at.getTime() / 1000) });
}

/** Checks a code with one step of tolerance either way, as django-otp's `tolerance=1`. */
export function checkTotpCode(secret: string, code: string): boolean {
  try {
    return verifySync({ secret, token: code, period: PERIOD, digits: DIGITS, epochTolerance: PERIOD }).valid;
  } catch {
    return false;
  }
}

/**
 * The QR code of `text` as a data: URL, or null when the optional `qrcode` package is not
 * installed (the page then shows the secret and the URI only). Imported by a variable name so
 * bundlers do not insist on resolving it.
 */
export async function qrDataUrl(text: string): Promise<string | null> {
  const specifier = "qrcode";
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as typeof QRCode & { default?: typeof QRCode };
    const toDataURL = mod.toDataURL ?? mod.default?.toDataURL;
    return toDataURL ? await toDataURL(text, { errorCorrectionLevel: "M", margin: 2, width: 200 }) : null;
  } catch {
    return null;
  }
}
