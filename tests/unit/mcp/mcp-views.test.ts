import { describe, expect, it } from "vitest";
import { describeSync, toServerItem } from "@/lib/mcp/server-view";
import { definitionHash, type ToolDefinition } from "@/lib/mcp/tool-definition";
import type { McpToolView } from "@/lib/mcp/tool-service";
import { describeGrant, toToolItem } from "@/lib/mcp/tool-view";

const noKeys = new Map<string, string>();

describe("describeGrant", () => {
  it("names every key, no key, or the tags and keys", () => {
    expect(describeGrant({ grantAllKeys: true, grantedKeyIds: [], grantedKeyTags: [] }, noKeys)).toBe("every key with the mcp scope");
    expect(describeGrant({ grantAllKeys: false, grantedKeyIds: [], grantedKeyTags: [] }, noKeys)).toBe("no key");
    expect(describeGrant({ grantAllKeys: false, grantedKeyIds: ["k1", "k2"], grantedKeyTags: ["team:data"] }, new Map([["k1", "billing"]]))).toBe(
      "tag team:data; keys billing and 1 other key",
    );
  });
});

describe("describeSync", () => {
  it("says what a listing found", () => {
    expect(describeSync({ added: ["a", "b"], changed: [], held: [], restored: [], removed: [], total: 2 })).toBe("Listed 2 tools: 2 new (a, b).");
    expect(describeSync({ added: [], changed: ["a", "b", "c"], held: ["a"], restored: ["b"], removed: ["d"], total: 1 })).toBe(
      "Listed 1 tool: 1 held for a changed definition (a), 1 back to the approved definition (b), 1 changed (c), 1 no longer listed (d).",
    );
    expect(describeSync({ added: [], changed: [], held: [], restored: [], removed: [], total: 3 })).toBe("Listed 3 tools: nothing changed.");
  });

  it("names a few tools, and counts the rest", () => {
    const added = Array.from({ length: 9 }, (_, index) => `t${index}`);
    expect(describeSync({ added, changed: [], held: [], restored: [], removed: [], total: 9 })).toBe("Listed 9 tools: 9 new (t0, t1, t2, t3, t4, t5 and 3 more).");
  });
});

describe("toServerItem", () => {
  it("formats times and keeps the error", () => {
    const item = toServerItem({
      id: "s1",
      name: "github",
      url: "https://mcp.example.com",
      headerHints: ["Authorization …abcd"],
      lastSyncedAt: new Date("2026-11-24T15:01:30Z"),
      lastSyncError: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    expect(item).toMatchObject({ lastListedAt: "2026-11-24 15:01 UTC", lastError: null, toolCounts: { unreviewed: 0, changed: 0 } });
  });
});

/** Definitions are JSON columns on the row. */
const json = (definition: ToolDefinition) => definition as unknown as McpToolView["definition"];

function tool({ definition, approved, ...overrides }: Partial<Omit<McpToolView, "definition" | "approvedDefinition">> & { definition: ToolDefinition; approved?: ToolDefinition }): McpToolView {
  return {
    id: "t1",
    serverId: "s1",
    name: definition.name,
    definition: json(definition),
    definitionHash: definitionHash(definition),
    state: "unreviewed",
    approvedDefinition: approved ? json(approved) : null,
    approvedHash: approved ? definitionHash(approved) : null,
    requiresCallApproval: false,
    grantAllKeys: false,
    grantedKeyIds: [],
    grantedKeyTags: [],
    decidedById: null,
    decidedAt: null,
    decisionNote: null,
    removedAt: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    serverName: "mock",
    exposedName: `mock__${definition.name}`,
    decidedBy: null,
    ...overrides,
  };
}

describe("toToolItem", () => {
  const deleteRepo: ToolDefinition = { name: "delete_repo", description: "Deletes a repository.", inputSchema: { type: "object" }, annotations: { destructiveHint: true } };

  it("shows an unreviewed tool with its declared hints and the hash to approve", () => {
    const item = toToolItem(tool({ definition: deleteRepo }), noKeys);
    expect(item).toMatchObject({ exposedName: "mock__delete_repo", state: "unreviewed", destructive: true, readOnly: false, grantsText: "no key", decision: null, changes: null });
    expect(item.definitionHash).toBe(definitionHash(deleteRepo));
    expect(JSON.parse(item.definitionJson)).toEqual(deleteRepo);
  });

  it("shows a held tool with what changed since its approval", () => {
    const approved = { ...deleteRepo, description: "Deletes a repository you name." };
    const item = toToolItem(
      tool({
        definition: deleteRepo,
        state: "changed",
        approved,
        decidedAt: new Date("2026-11-24T15:00:00Z"),
        decidedBy: { id: "u1", email: "ada@example.com", name: "Ada" },
        decisionNote: "ok",
      }),
      noKeys,
    );
    expect(item.state).toBe("changed");
    expect(item.changes).toEqual([{ field: "description", kind: "text", before: approved.description, after: deleteRepo.description }]);
    expect(item.decision).toEqual({ verb: "Approved", by: "Ada", at: "2026-11-24 15:00 UTC", note: "ok" });
  });

  it("shows a tool its server stopped listing as removed, whatever its review state", () => {
    expect(toToolItem(tool({ definition: deleteRepo, state: "approved", removedAt: new Date() }), noKeys).state).toBe("removed");
  });
});
