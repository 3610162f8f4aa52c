import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate";
import { resetSignInLimiters } from "@/lib/auth/sign-in-limiter";
import { RateLimitedError } from "@/lib/errors";
import { STRONG_PASSWORD, signedUpOwner } from "./factories";

// With REDIS_URL set (CI) the counters live in the real Redis; otherwise in memory.
const anIp = () => `203.0.113.${randomBytes(1)[0]}-${randomBytes(3).toString("hex")}`;

beforeEach(() => resetSignInLimiters());
afterEach(() => {
  delete process.env.SIGN_IN_IP_LIMIT;
  resetSignInLimiters();
});

describe("password sign-in", () => {
  it("accepts the right password, case-insensitively on the email", async () => {
    const { user } = await signedUpOwner();
    const result = await authenticateWithPassword({ email: user.email.toUpperCase(), password: STRONG_PASSWORD }, anIp());
    expect(result).toEqual({ id: user.id, email: user.email, name: user.name });
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const { user } = await signedUpOwner();
    expect(await authenticateWithPassword({ email: user.email, password: "wrong password 1" }, anIp())).toBeNull();
    expect(await authenticateWithPassword({ email: `nobody-${user.email}`, password: STRONG_PASSWORD }, anIp())).toBeNull();
    expect(await authenticateWithPassword({ email: "not an email", password: "" }, anIp())).toBeNull();
  });

  it("locks an account after 5 failures, even for the right password and from another IP", async () => {
    const { user } = await signedUpOwner();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await authenticateWithPassword({ email: user.email, password: `wrong ${attempt} guess!` }, anIp())).toBeNull();
    }
    await expect(authenticateWithPassword({ email: user.email, password: STRONG_PASSWORD }, anIp())).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });

  it("limits failures per IP across many accounts", async () => {
    process.env.SIGN_IN_IP_LIMIT = "3";
    resetSignInLimiters();
    const ip = anIp();
    const owners = await Promise.all([signedUpOwner(), signedUpOwner(), signedUpOwner(), signedUpOwner()]);
    for (const { user } of owners.slice(0, 3)) {
      expect(await authenticateWithPassword({ email: user.email, password: "wrong password 1" }, ip)).toBeNull();
    }
    const fourth = owners[3]!.user;
    await expect(authenticateWithPassword({ email: fourth.email, password: STRONG_PASSWORD }, ip)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    // The same account from another IP is fine: the IP was limited, not the account.
    expect(await authenticateWithPassword({ email: fourth.email, password: STRONG_PASSWORD }, anIp())).not.toBeNull();
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    const { user } = await signedUpOwner();
    for (let attempt = 0; attempt < 4; attempt++) {
      await authenticateWithPassword({ email: user.email, password: "wrong password 1" }, anIp());
    }
    expect(await authenticateWithPassword({ email: user.email, password: STRONG_PASSWORD }, anIp())).not.toBeNull();
    for (let attempt = 0; attempt < 4; attempt++) {
      await authenticateWithPassword({ email: user.email, password: "wrong password 1" }, anIp());
    }
    expect(await authenticateWithPassword({ email: user.email, password: STRONG_PASSWORD }, anIp())).not.toBeNull();
  });
});
