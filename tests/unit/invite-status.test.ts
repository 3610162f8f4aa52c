import { describe, expect, it } from "vitest";
import { inviteStatus, inviteStatusMessage } from "@/lib/orgs/invite-service";
import { hashInviteToken, newInviteToken } from "@/lib/orgs/invite-token";

const now = new Date("2026-06-01T12:00:00Z");
const tomorrow = new Date("2026-06-02T12:00:00Z");

describe("invite status", () => {
  it("is pending until accepted, revoked or past its expiry", () => {
    expect(inviteStatus({ acceptedAt: null, revokedAt: null, expiresAt: tomorrow }, now)).toBe("pending");
    expect(inviteStatus({ acceptedAt: now, revokedAt: null, expiresAt: tomorrow }, now)).toBe("accepted");
    expect(inviteStatus({ acceptedAt: null, revokedAt: now, expiresAt: tomorrow }, now)).toBe("revoked");
    expect(inviteStatus({ acceptedAt: null, revokedAt: null, expiresAt: now }, now)).toBe("expired");
  });

  it("explains every status but pending", () => {
    expect(inviteStatusMessage("pending")).toBeNull();
    expect(inviteStatusMessage("accepted")).toMatch(/already been used/);
    expect(inviteStatusMessage("expired")).toMatch(/expired/);
    expect(inviteStatusMessage("revoked")).toMatch(/revoked/);
  });
});

describe("invite tokens", () => {
  it("are long, random and stored only as their hash", () => {
    const a = newInviteToken();
    const b = newInviteToken();
    expect(a.token).not.toBe(b.token);
    expect(a.token.length).toBeGreaterThanOrEqual(43);
    expect(a.tokenHash).toBe(hashInviteToken(a.token));
    expect(a.tokenHash).not.toContain(a.token);
  });
});
