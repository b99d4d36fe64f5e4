import { createUserAdmin, isHttpError, login, uploadAsset } from "@immich/sdk";
import type { FakeImmich } from "./server";

/** Helpers the fake's SDK-driven tests share: people with a session, failures, uploads and the web page. */
export function sdkHelpers(immich: () => FakeImmich) {
  let people = 0;
  const baseUrl = () => `${immich().url}/api`;
  const admin = () => ({ baseUrl: baseUrl(), headers: { "x-api-key": immich().adminApiKey } });
  const as = (accessToken: string) => ({ baseUrl: baseUrl(), headers: { authorization: `Bearer ${accessToken}` } });
  const withKey = (apiKey: string) => ({ baseUrl: baseUrl(), headers: { "x-api-key": apiKey } });

  /** A new user, created by the admin and signed in with a password. */
  async function person(quotaSizeInBytes: number | null = null) {
    people += 1;
    const email = `p${people}@family.test`;
    const password = `pw-${people}-long-enough`;
    const name = `P${people}`;
    const user = await createUserAdmin({ userAdminCreateDto: { email, name, password, quotaSizeInBytes } }, admin());
    const { accessToken } = await login({ loginCredentialDto: { email, password } }, { baseUrl: baseUrl() });
    return { user, email, password, name, token: accessToken };
  }

  /** The HTTP failure of an SDK call: its status and Immich's error body. */
  async function failure(call: Promise<unknown>): Promise<{ status: number; data: { message?: string } }> {
    try {
      await call;
    } catch (error) {
      // Calls the SDK reads as text (204 routes) leave the error body unparsed.
      if (isHttpError(error)) {
        const data: unknown = typeof error.data === "string" ? JSON.parse(error.data) : error.data;
        return { status: error.status, data: data as { message?: string } };
      }
      throw error;
    }
    throw new Error("expected the call to fail");
  }

  /** `uploadAsset` as an Immich client sends it. */
  function upload(token: string, fileName: string, bytes: number) {
    const now = new Date().toISOString();
    return uploadAsset(
      {
        assetMediaCreateDto: {
          assetData: new File([new Uint8Array(bytes).fill(7)], fileName, { type: "image/jpeg" }),
          fileCreatedAt: now,
          fileModifiedAt: now,
          // Older clients' fields, still sent by some; the fake keeps them.
          ...{ deviceAssetId: `${fileName}-${bytes}`, deviceId: "vitest" },
        },
      },
      as(token),
    );
  }

  /** The fake's /photos for a browser holding this session cookie. */
  function photosPage(token: string) {
    return fetch(`${immich().url}/photos`, { headers: { cookie: `immich_access_token=${token}` }, redirect: "manual" });
  }

  return { admin, as, withKey, person, failure, upload, photosPage };
}
