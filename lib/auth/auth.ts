import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { RateLimitedError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { servedOverHttps } from "@/lib/security/public-url";
import { linkOAuthUser } from "@/lib/users/oauth-user";
import { resolveAuthSecret } from "./auth-secret";
import { authenticateWithPassword } from "./authenticate";
import { oauthProviders } from "./oauth-providers";
import { revokeSessions, sessionVersionOf, userOfToken } from "./session-version";

declare module "@auth/core/jwt" {
  interface JWT {
    /** The user's session version at sign-in; see session-version.ts. */
    sessionVersion?: number;
  }
}

class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
}

const SESSION_MAX_AGE_SECONDS = 12 * 3600;

// Auth.js is configured lazily (a function, not an object) so that the secret is read when the
// first request arrives, not while `next build` evaluates modules.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: resolveAuthSecret(),
  trustHost: true,
  // Credentials sign-in requires JWT sessions in Auth.js. Tokens are short-lived, revocable through
  // the user's session version, and every page re-reads the user and membership from the
  // database, so a removed member loses access at once.
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  // Auth.js marks its cookies Secure (and __Secure-/__Host- prefixed) when AUTH_URL or the
  // request's X-Forwarded-Proto says https. A public URL on https says so too, even behind a
  // proxy that sends no X-Forwarded-Proto. (HttpOnly and SameSite=Lax are Auth.js's defaults.)
  useSecureCookies: servedOverHttps() || undefined,
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    // A wrong password is an answer, not a server error: keep it (and its stack) out of the logs.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error(`[auth] ${error.name}: ${error.message}`, error.cause ?? "");
    },
  },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        try {
          return await authenticateWithPassword(credentials, clientIp(request.headers));
        } catch (error) {
          if (error instanceof RateLimitedError) throw new SignInRateLimited();
          throw error;
        }
      },
    }),
    ...oauthProviders(),
  ],
  events: {
    // Signing out kills the token everywhere, not just the cookie in this browser.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (token?.sub) await revokeSessions(await getDb(), token.sub, token.sessionVersion);
    },
  },
  callbacks: {
    async signIn({ user, account, profile }) {
      if (!account || account.type === "credentials") return true;
      const email = user.email ?? profile?.email;
      if (!email) return false;
      const userId = await linkOAuthUser(await getDb(), {
        provider: account.provider,
        providerAccountId: account.providerAccountId,
        email,
        name: user.name,
        // GitHub only returns an email it has verified; OIDC providers say so in the claim.
        emailVerified: account.provider === "github" || profile?.email_verified === true,
      });
      if (!userId) return false;
      user.id = userId; // the jwt callback below stores our id, not the provider's
      return true;
    },
    // The one place a session token is read: on sign-in it takes the user's session version; on
    // every later read the user is looked up by id (one primary-key read per request, which also
    // refreshes email and name), and a gone user or an outdated version means signed out.
    async jwt({ token, user }) {
      const db = await getDb();
      if (user?.id) {
        const version = await sessionVersionOf(db, user.id);
        if (version === null) return null;
        token.sub = user.id;
        token.sessionVersion = version;
        return token;
      }
      const current = token.sub ? await userOfToken(db, token.sub, token.sessionVersion) : null;
      if (!current) return null;
      token.email = current.email;
      token.name = current.name;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user = { ...session.user, id: token.sub, email: token.email ?? "", name: token.name ?? null };
      return session;
    },
  },
}));
