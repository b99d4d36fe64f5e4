import "server-only";
import NextAuth from "next-auth";
import Authentik from "next-auth/providers/authentik";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { syncLocaleAtSignIn } from "@/lib/profiles/locale-cookie";
import { cleanName } from "@/lib/names";
import { openSession, revokeSession, SESSION_IDLE_SECONDS, sessionIsLive } from "./sessions";

declare module "next-auth" {
  interface Session {
    user: { sub: string; name: string; email: string; groups: string[]; signedInAt: number };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    sub?: string;
    groups?: string[];
    idToken?: string;
    /** The portal_sessions row this cookie belongs to. */
    sid?: string;
    signedInAt?: number;
  }
}

/** Bounds on what a session cookie carries, so a hostile profile cannot grow it past header limits. */
const MAX_GROUPS = 50;

/** Lazy config: `next build` loads this module without any setting present. */
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const env = getEnv();
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS },
    pages: { signIn: "/", error: "/" },
    providers: [
      Authentik({
        issuer: env.AUTH_AUTHENTIK_ISSUER,
        clientId: env.AUTH_AUTHENTIK_ID,
        clientSecret: env.AUTH_AUTHENTIK_SECRET,
        authorization: { params: { scope: "openid email profile" } },
        checks: ["pkce", "state", "nonce"],
      }),
    ],
    callbacks: {
      async jwt({ token, profile, account }) {
        if (profile && account) {
          token.sub = String(profile.sub);
          token.name = cleanName(typeof profile.name === "string" ? profile.name : profile.preferred_username);
          token.email = cleanName(profile.email, 254);
          token.groups = Array.isArray(profile.groups) ? profile.groups.slice(0, MAX_GROUPS).map((group) => cleanName(String(group))) : [];
          token.idToken = account.id_token;
          token.sid = (await openSession(getDb(), token.sub)).id;
          token.signedInAt = Date.now();
          await syncLocaleAtSignIn(getDb(), token.sub);
          return token;
        }
        // Every later use: the session must still be live on the server (not signed out, not ended, not past its absolute end).
        return (await sessionIsLive(getDb(), token.sid)) ? token : null;
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          sub: token.sub ?? "",
          name: token.name ?? "",
          email: token.email ?? "",
          groups: token.groups ?? [],
          signedInAt: token.signedInAt ?? 0,
        };
        return session;
      },
    },
    events: {
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (sid) await revokeSession(getDb(), sid, "sign-out");
      },
    },
  };
});
