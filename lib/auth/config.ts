import "server-only";
import NextAuth from "next-auth";
import Authentik from "next-auth/providers/authentik";
import { getEnv } from "@/lib/env";

declare module "next-auth" {
  interface Session {
    user: { sub: string; name: string; email: string; groups: string[] };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    sub?: string;
    groups?: string[];
    idToken?: string;
  }
}

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Lazy config: `next build` loads this module without any setting present. */
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const env = getEnv();
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
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
      jwt({ token, profile, account }) {
        if (profile && account) {
          token.sub = String(profile.sub);
          token.name = typeof profile.name === "string" ? profile.name : String(profile.preferred_username ?? "");
          token.email = typeof profile.email === "string" ? profile.email : "";
          token.groups = Array.isArray(profile.groups) ? profile.groups.map(String) : [];
          token.idToken = account.id_token;
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          sub: token.sub ?? "",
          name: token.name ?? "",
          email: token.email ?? "",
          groups: token.groups ?? [],
        };
        return session;
      },
    },
  };
});
