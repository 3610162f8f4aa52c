import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, type Permission, ROLES, type Role } from "@/lib/auth/rbac";

// The expected matrix, written out in full so a change to the RBAC table has to change this too.
const EXPECTED: Record<Role, Permission[]> = {
  owner: [...PERMISSIONS],
  admin: [
    "org:read", "org:update", "member:read", "member:invite", "member:update", "member:remove",
    "provider:read", "provider:write", "model:read", "model:write", "model:request", "model:approve", "approval:read", "key:read", "key:write",
    "policy:read", "policy:write", "route:read", "route:write", "mcp:read", "mcp:write", "playground:use", "audit:read", "review:read", "review:write",
    "billing:read",
  ],
  member: ["org:read", "member:read", "provider:read", "model:read", "model:request", "policy:read", "route:read", "mcp:read", "playground:use"],
  auditor: ["org:read", "member:read", "provider:read", "model:read", "approval:read", "key:read", "policy:read", "route:read", "mcp:read", "audit:read", "review:read"],
};

describe("RBAC table", () => {
  for (const role of ROLES) {
    for (const permission of PERMISSIONS) {
      const allowed = EXPECTED[role].includes(permission);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("keeps auditors read-only: no permission of theirs changes anything", () => {
    const writes = PERMISSIONS.filter((p) => /:(update|invite|remove|delete|write|manage-owners|manage|use|request|approve)$/.test(p));
    expect(writes.length).toBeGreaterThan(0);
    for (const permission of writes) expect(can("auditor", permission)).toBe(false);
  });

  it("lets only owners manage the owner role, delete the org or pay for it", () => {
    for (const role of ROLES) {
      expect(can(role, "member:manage-owners")).toBe(role === "owner");
      expect(can(role, "org:delete")).toBe(role === "owner");
      expect(can(role, "billing:manage")).toBe(role === "owner");
    }
  });
});
