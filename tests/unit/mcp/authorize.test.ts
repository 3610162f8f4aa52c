/**
 * lib/mcp/authorize.ts: the one rule listing and calling share. Every refusal reason with its
 * message, the three ways a tool is granted, held definitions, and grantedTools agreeing with
 * authorizeTool for every key and tool.
 */
import { describe, expect, it } from "vitest";
import { authorizeTool, grantedTools } from "@/lib/mcp/authorize";
import type { McpSnapshot, ToolEntry } from "@/lib/mcp/mcp-snapshot";
import { definitionHash, exposedToolName, type ToolDefinition } from "@/lib/mcp/tool-definition";

const server = { id: "srv_1", name: "github", url: "https://mcp.example.com/mcp", headers: {} };
const definition = (name: string, description = `Does ${name}.`): ToolDefinition => ({ name, description, inputSchema: { type: "object" } });

/** An approved, current tool granted to nobody, with `overrides`. */
function tool(name: string, overrides: Partial<ToolEntry> = {}): ToolEntry {
  const approved = definition(name);
  return {
    id: `tool_${name}`,
    server,
    name,
    exposedName: exposedToolName(server.name, name),
    state: "approved",
    removed: false,
    definitionHash: definitionHash(approved),
    approvedHash: definitionHash(approved),
    approvedDefinition: approved,
    requiresCallApproval: false,
    grantAllKeys: false,
    grantedKeyIds: [],
    grantedKeyTags: [],
    ...overrides,
  };
}

function snapshot(...tools: ToolEntry[]): McpSnapshot {
  return { orgId: "org_1", tools: new Map(tools.map((entry) => [entry.exposedName, entry])) };
}

const key = { id: "key_1", tags: ["team:agents", "env:prod"] };
const otherKey = { id: "key_2", tags: ["team:data"] };
const changedHash = definitionHash(definition("x", "Now also reads your mail."));

describe("authorizeTool", () => {
  it("allows an approved, current tool granted to the key, and returns the entry", () => {
    const entry = tool("create_issue", { grantedKeyIds: ["key_1"] });
    expect(authorizeTool(snapshot(entry), key, "github__create_issue")).toEqual({ allowed: true, tool: entry });
  });

  it("refuses an unknown tool, naming the naming rule", () => {
    const verdict = authorizeTool(snapshot(tool("create_issue", { grantAllKeys: true })), key, "github__delete_repo");
    expect(verdict).toEqual({
      allowed: false,
      reason: "unknown",
      message: "Unknown tool github__delete_repo. Tools are named <server>__<tool>; list them with tools/list.",
    });
    expect(authorizeTool(snapshot(), key, "create_issue")).toMatchObject({ allowed: false, reason: "unknown" });
    // The upstream name alone is not the exposed name.
    expect(authorizeTool(snapshot(tool("create_issue", { grantAllKeys: true })), key, "create_issue")).toMatchObject({ allowed: false, reason: "unknown" });
  });

  it("refuses a removed tool, even approved and granted", () => {
    const entry = tool("old", { removed: true, grantAllKeys: true });
    expect(authorizeTool(snapshot(entry), key, "github__old")).toEqual({ allowed: false, reason: "removed", tool: entry, message: "Tool github__old is no longer offered by its server." });
  });

  it("holds a tool in state changed", () => {
    const entry = tool("rug", { state: "changed", definitionHash: changedHash, grantAllKeys: true });
    expect(authorizeTool(snapshot(entry), key, "github__rug")).toEqual({
      allowed: false,
      reason: "held",
      tool: entry,
      message: "Tool github__rug changed its definition upstream and is held until an admin approves the new definition.",
    });
  });

  it("holds an approved tool whose current definition differs from the approved one, even before the state says so", () => {
    const entry = tool("rug", { state: "approved", definitionHash: changedHash, grantAllKeys: true, grantedKeyIds: ["key_1"] });
    expect(authorizeTool(snapshot(entry), key, "github__rug")).toMatchObject({ allowed: false, reason: "held" });
    expect(authorizeTool(snapshot({ ...entry, approvedHash: null }), key, "github__rug")).toMatchObject({ allowed: false, reason: "held" });
  });

  it("refuses an unreviewed tool, and a denied one, saying which", () => {
    const unreviewed = tool("fresh", { state: "unreviewed", approvedHash: null, approvedDefinition: null, grantAllKeys: true });
    expect(authorizeTool(snapshot(unreviewed), key, "github__fresh")).toEqual({
      allowed: false,
      reason: "not_approved",
      tool: unreviewed,
      message: "Tool github__fresh has not been approved by an admin yet.",
    });
    // Denied after an earlier approval: the approved definition is still stored, the tool still refused.
    const denied = tool("nope", { state: "denied", grantAllKeys: true });
    expect(authorizeTool(snapshot(denied), key, "github__nope")).toEqual({ allowed: false, reason: "not_approved", tool: denied, message: "Tool github__nope was denied by an admin." });
  });

  it("refuses an approved tool without an approved definition", () => {
    const entry = tool("odd", { approvedDefinition: null, grantAllKeys: true });
    expect(authorizeTool(snapshot(entry), key, "github__odd")).toMatchObject({ allowed: false, reason: "not_approved" });
  });

  it("refuses an approved tool not granted to the key", () => {
    const entry = tool("create_issue", { grantedKeyIds: ["key_2"], grantedKeyTags: ["team:data"] });
    expect(authorizeTool(snapshot(entry), key, "github__create_issue")).toEqual({
      allowed: false,
      reason: "not_granted",
      tool: entry,
      message: "Tool github__create_issue is not granted to this API key. An admin can grant it on the MCP tools page.",
    });
  });

  it("checks removal first, then holds, then approval, then grants", () => {
    const everything = tool("t", { removed: true, state: "changed", definitionHash: changedHash });
    expect(authorizeTool(snapshot(everything), key, "github__t")).toMatchObject({ reason: "removed" });
    expect(authorizeTool(snapshot({ ...everything, removed: false }), key, "github__t")).toMatchObject({ reason: "held" });
    expect(authorizeTool(snapshot(tool("t", { state: "denied", definitionHash: changedHash })), key, "github__t")).toMatchObject({ reason: "not_approved" });
    expect(authorizeTool(snapshot(tool("t")), key, "github__t")).toMatchObject({ reason: "not_granted" });
  });

  describe("grants", () => {
    it("by key id, only to that key", () => {
      const entry = tool("t", { grantedKeyIds: ["key_1", "key_9"] });
      expect(authorizeTool(snapshot(entry), key, "github__t").allowed).toBe(true);
      expect(authorizeTool(snapshot(entry), otherKey, "github__t")).toMatchObject({ allowed: false, reason: "not_granted" });
    });

    it("by tag: any one of the key's tags, matched exactly", () => {
      const entry = tool("t", { grantedKeyTags: ["env:prod"] });
      expect(authorizeTool(snapshot(entry), key, "github__t").allowed).toBe(true);
      expect(authorizeTool(snapshot(entry), otherKey, "github__t").allowed).toBe(false);
      expect(authorizeTool(snapshot(entry), { id: "key_3", tags: ["env:production", "env"] }, "github__t").allowed).toBe(false);
      expect(authorizeTool(snapshot(entry), { id: "key_4", tags: [] }, "github__t").allowed).toBe(false);
    });

    it("to every key with grantAllKeys", () => {
      const entry = tool("t", { grantAllKeys: true });
      for (const anyKey of [key, otherKey, { id: "key_5", tags: [] }]) expect(authorizeTool(snapshot(entry), anyKey, "github__t").allowed).toBe(true);
    });

    it("never to a key id that merely looks like a tag or the other way round", () => {
      expect(authorizeTool(snapshot(tool("t", { grantedKeyIds: ["team:agents"] })), key, "github__t").allowed).toBe(false);
      expect(authorizeTool(snapshot(tool("t", { grantedKeyTags: ["key_1"] })), key, "github__t").allowed).toBe(false);
    });

    it("does not make an unapproved or held tool callable", () => {
      for (const entry of [tool("t", { state: "unreviewed", grantAllKeys: true }), tool("t", { state: "changed", grantedKeyIds: ["key_1"] }), tool("t", { definitionHash: changedHash, grantedKeyTags: ["env:prod"] })]) {
        expect(authorizeTool(snapshot(entry), key, "github__t").allowed).toBe(false);
      }
    });
  });
});

describe("grantedTools", () => {
  const tools = [
    tool("by_id", { grantedKeyIds: ["key_1"] }),
    tool("by_tag", { grantedKeyTags: ["team:agents"] }),
    tool("for_all", { grantAllKeys: true }),
    tool("other_key", { grantedKeyIds: ["key_2"] }),
    tool("other_tag", { grantedKeyTags: ["team:data"] }),
    tool("nobody"),
    tool("unreviewed", { state: "unreviewed", approvedHash: null, approvedDefinition: null, grantAllKeys: true }),
    tool("denied", { state: "denied", grantAllKeys: true }),
    tool("changed", { state: "changed", definitionHash: changedHash, grantAllKeys: true }),
    tool("drifted", { definitionHash: changedHash, grantAllKeys: true }),
    tool("removed", { removed: true, grantAllKeys: true }),
    tool("a_first", { grantedKeyIds: ["key_1", "key_2"] }),
  ];
  const all = snapshot(...tools);
  const keys = [key, otherKey, { id: "key_3", tags: [] }, { id: "key_4", tags: ["team:data", "team:agents"] }];

  it("lists the key's tools by exposed name, sorted", () => {
    expect(grantedTools(all, key).map((entry) => entry.exposedName)).toEqual(["github__a_first", "github__by_id", "github__by_tag", "github__for_all"]);
    expect(grantedTools(all, otherKey).map((entry) => entry.exposedName)).toEqual(["github__a_first", "github__for_all", "github__other_key", "github__other_tag"]);
    expect(grantedTools(all, { id: "key_3", tags: [] }).map((entry) => entry.exposedName)).toEqual(["github__for_all"]);
    expect(grantedTools(snapshot(), key)).toEqual([]);
  });

  it("is exactly the set authorizeTool allows, for every key", () => {
    for (const anyKey of keys) {
      const allowed = [...all.tools.keys()].filter((name) => authorizeTool(all, anyKey, name).allowed).sort();
      expect(grantedTools(all, anyKey).map((entry) => entry.exposedName), anyKey.id).toEqual(allowed);
    }
  });

  it("never lists a tool that authorizeTool refuses, whatever the combination of state, removal, hash and grant", () => {
    const states = ["unreviewed", "approved", "denied", "changed"] as const;
    const combos: ToolEntry[] = [];
    for (const state of states)
      for (const removed of [false, true])
        for (const drifted of [false, true])
          for (const grant of ["none", "id", "tag", "all"] as const) {
            const name = `${state}_${removed ? "r" : "l"}_${drifted ? "d" : "c"}_${grant}`;
            combos.push(
              tool(name, {
                state,
                removed,
                definitionHash: drifted ? changedHash : definitionHash(definition(name)),
                approvedHash: definitionHash(definition(name)),
                approvedDefinition: definition(name),
                grantAllKeys: grant === "all",
                grantedKeyIds: grant === "id" ? [key.id] : [],
                grantedKeyTags: grant === "tag" ? ["env:prod"] : [],
              }),
            );
          }
    const combined = snapshot(...combos);
    const listed = grantedTools(combined, key).map((entry) => entry.name);
    // Only approved, listed, current and granted: three grant kinds.
    expect(listed).toEqual(["approved_l_c_all", "approved_l_c_id", "approved_l_c_tag"]);
    for (const entry of combos) expect(authorizeTool(combined, key, entry.exposedName).allowed, entry.name).toBe(listed.includes(entry.name));
  });
});
