import type { Role } from "@/lib/generated/prisma/enums";

export type { Role };

/**
 * The one table that says what each role may do. The server checks it before every action and
 * the UI reads it to decide which controls to show; neither has a rule of its own.
 */
export const PERMISSIONS = [
  "org:read",
  "org:update",
  "org:delete",
  "member:read",
  "member:invite",
  "member:update",
  "member:remove",
  /** Grant or take away the owner role; owners only. */
  "member:manage-owners",
  "provider:read",
  "provider:write",
  "model:read",
  "model:write",
  /** Ask for a catalog model to be approved (for every key, or some keys or key tags). */
  "model:request",
  /** Approve, deny or revoke models and decide access requests. */
  "model:approve",
  /** See the org's queue of access requests, everyone's; without it one sees only one's own. */
  "approval:read",
  "key:read",
  "key:write",
  "policy:read",
  "policy:write",
  /** Routes: which targets serve a model name, and the targets' health. */
  "route:read",
  "route:write",
  /** MCP servers, their tools and who may call them. */
  "mcp:read",
  /** Register servers, approve tools (and changed definitions) and grant them to keys. */
  "mcp:write",
  /** Send chats through the gateway from the dashboard's playground. */
  "playground:use",
  "audit:read",
  "review:read",
  "review:write",
  /** The billing page: plan, usage against it, subscription state (only where billing is on). */
  "billing:read",
  /** Choose a plan, pay through Stripe Checkout, open Stripe's customer portal; owners only. */
  "billing:manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["owner", "admin", "member", "auditor"] as const satisfies readonly Role[];

const everything = new Set<Permission>(PERMISSIONS);

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  owner: everything,
  admin: new Set<Permission>([
    "org:read",
    "org:update",
    "member:read",
    "member:invite",
    "member:update",
    "member:remove",
    "provider:read",
    "provider:write",
    "model:read",
    "model:write",
    "model:request",
    "model:approve",
    "approval:read",
    "key:read",
    "key:write",
    "policy:read",
    "policy:write",
    "route:read",
    "route:write",
    "mcp:read",
    "mcp:write",
    "playground:use",
    "audit:read",
    "review:read",
    "review:write",
    "billing:read",
  ]),
  member: new Set<Permission>(["org:read", "member:read", "provider:read", "model:read", "model:request", "policy:read", "route:read", "mcp:read", "playground:use"]),
  // Read-only: sees the org, its people, setup, the audit trail and the review queue; changes nothing.
  auditor: new Set<Permission>([
    "org:read",
    "member:read",
    "provider:read",
    "model:read",
    "approval:read",
    "key:read",
    "policy:read",
    "route:read",
    "mcp:read",
    "audit:read",
    "review:read",
  ]),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  auditor: "Auditor",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Full control, including owners, billing and deleting the org.",
  admin: "Manages members, keys, providers, MCP tools and policy; approves models and tools.",
  member: "Uses the org's gateway, sees its setup and asks for models.",
  auditor: "Read-only: sees the audit trail, reviews and model approvals.",
};
