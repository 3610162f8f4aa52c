/**
 * lib/schemas/mcp.ts: server names (they prefix tool names, so `<server>__<tool>` must split back
 * unambiguously), URLs, stored headers (reserved transport headers refused), bearer tokens,
 * tool decisions and grants, call decisions.
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { fieldErrorsOf } from "@/lib/schemas/form";
import {
  mcpCallDecisionSchema,
  mcpHeadersSchema,
  mcpServerInputSchema,
  mcpServerNameSchema,
  mcpServerUpdateSchema,
  mcpToolDecisionSchema,
  mcpToolGrantSchema,
} from "@/lib/schemas/mcp";

/** Every issue message of a refused value (fails the test if the value is accepted). */
function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  expect(result.success, `expected ${JSON.stringify(value)} to be refused`).toBe(false);
  return result.error!.issues.map((issue) => issue.message);
}

const server = { name: "github", url: "https://mcp.example.com/mcp" };

describe("mcpServerNameSchema", () => {
  it.each(["github", "a", "my-server", "a_b", "x1_y2-z3", "9lives", "a-", "a".repeat(32)])("accepts %j", (name) => {
    expect(mcpServerNameSchema.parse(name)).toBe(name);
  });

  it("lower-cases and trims", () => {
    expect(mcpServerNameSchema.parse("  GitHub ")).toBe("github");
    expect(mcpServerNameSchema.parse("My_Server")).toBe("my_server");
  });

  it("refuses a double underscore anywhere, so the tool namespace splits unambiguously", () => {
    for (const name of ["a__b", "git__hub", "a___b", "x_y__z"]) {
      expect(messages(mcpServerNameSchema, name)).toContain("Use lower-case letters, digits, - and single _ (it prefixes tool names, e.g. github__create_issue).");
    }
  });

  it("refuses a name ending with _", () => {
    expect(messages(mcpServerNameSchema, "github_")).toEqual(["The name cannot end with _."]);
    expect(messages(mcpServerNameSchema, "a_b_")).toEqual(["The name cannot end with _."]);
  });

  it.each(["_github", "-github", "git hub", "git.hub", "git/hub", "gïthub", "git:hub"])("refuses %j", (name) => {
    expect(messages(mcpServerNameSchema, name)).toContain("Use lower-case letters, digits, - and single _ (it prefixes tool names, e.g. github__create_issue).");
  });

  it("refuses empty, blank, too long and non-text names", () => {
    expect(messages(mcpServerNameSchema, "")).toContain("Name the server.");
    expect(messages(mcpServerNameSchema, "   ")).toContain("Name the server.");
    expect(messages(mcpServerNameSchema, "a".repeat(33))).toContain("Use at most 32 characters.");
    expect(mcpServerNameSchema.parse(` ${"a".repeat(32)} `)).toBe("a".repeat(32)); // counted after trimming
    expect(messages(mcpServerNameSchema, 42)).toEqual(["Name the server."]);
    expect(messages(mcpServerNameSchema, undefined)).toEqual(["Name the server."]);
  });
});

describe("mcpServerInputSchema", () => {
  it("takes a name, an http(s) URL, and defaults headers to none", () => {
    expect(mcpServerInputSchema.parse(server)).toEqual({ ...server, headers: {} });
    expect(mcpServerInputSchema.parse({ ...server, url: " http://localhost:3001/mcp " }).url).toBe("http://localhost:3001/mcp");
  });

  it.each(["ftp://mcp.example.com", "javascript:alert(1)", "file:///etc/passwd", "mcp.example.com/mcp", "", "wss://mcp.example.com"])("refuses the URL %j", (url) => {
    const result = mcpServerInputSchema.safeParse({ ...server, url });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join("."))).toContain("url");
  });

  it("refuses URLs over 2048 characters and a missing URL", () => {
    expect(messages(mcpServerInputSchema, { ...server, url: `https://example.com/${"a".repeat(2048)}` })).toContain("Use at most 2048 characters.");
    expect(messages(mcpServerInputSchema, { name: "github" })).toContain("Give the server's URL.");
  });

  it("trims a bearer token and treats an empty one as none", () => {
    expect(mcpServerInputSchema.parse({ ...server, bearerToken: "  tok_123  " }).bearerToken).toBe("tok_123");
    expect(mcpServerInputSchema.parse({ ...server, bearerToken: "" }).bearerToken).toBeUndefined();
    expect(mcpServerInputSchema.parse({ ...server, bearerToken: "   " }).bearerToken).toBeUndefined();
  });

  it("refuses a bearer token with spaces inside, or over 8192 characters", () => {
    expect(messages(mcpServerInputSchema, { ...server, bearerToken: "Bearer tok" })).toContain("A bearer token has no spaces.");
    expect(messages(mcpServerInputSchema, { ...server, bearerToken: "a\tb" })).toContain("A bearer token has no spaces.");
    expect(messages(mcpServerInputSchema, { ...server, bearerToken: "t".repeat(8193) })).toContain("Use at most 8192 characters.");
  });
});

describe("mcpHeadersSchema", () => {
  it("accepts name: value pairs", () => {
    expect(mcpHeadersSchema.parse({ "X-Api-Key": "abc", Authorization: "Token x" })).toEqual({ "X-Api-Key": "abc", Authorization: "Token x" });
    expect(mcpHeadersSchema.parse({})).toEqual({});
  });

  it("refuses every reserved transport header, whatever its case, naming them", () => {
    for (const name of ["Host", "content-length", "Content-Type", "ACCEPT", "Mcp-Session-Id", "MCP-Protocol-Version", "Connection", "Transfer-Encoding"]) {
      expect(messages(mcpHeadersSchema, { [name]: "x" }), name).toEqual([`The gateway sets ${name} itself.`]);
    }
    expect(messages(mcpHeadersSchema, { Host: "evil", "X-Ok": "1", accept: "*/*" })).toEqual(["The gateway sets Host, accept itself."]);
  });

  it("refuses invalid header names", () => {
    for (const name of ["bad name", "colon:name", "new\nline", "(paren)", "é"]) {
      expect(mcpHeadersSchema.safeParse({ [name]: "x" }).success, name).toBe(false);
    }
    expect(messages(mcpHeadersSchema, { "bad name": "x" })).toEqual(["Not a valid header name."]);
    // What the form and the management API show: the message under the header's own field.
    const parsed = mcpServerInputSchema.safeParse({ ...server, headers: { "bad name": "x", "X-Ok": "1" } });
    expect(fieldErrorsOf(parsed.error!)).toEqual({ "headers.bad name": ["Not a valid header name."] });
  });

  it("trims header names", () => {
    expect(mcpHeadersSchema.parse({ " X-Key ": "v" })).toEqual({ "X-Key": "v" });
  });

  it("refuses values with line breaks or NUL, and over 8192 characters", () => {
    for (const value of ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\0b"]) {
      expect(messages(mcpHeadersSchema, { "X-Key": value })).toContain("Header values cannot contain line breaks.");
    }
    expect(messages(mcpHeadersSchema, { "X-Key": "v".repeat(8193) })).toContain("Use at most 8192 characters per header value.");
    expect(mcpHeadersSchema.parse({ "X-Key": "v".repeat(8192) })["X-Key"]).toHaveLength(8192);
  });

  it("allows 20 headers and refuses 21", () => {
    const headers = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`X-H${index}`, "v"]));
    expect(Object.keys(mcpHeadersSchema.parse(headers(20)))).toHaveLength(20);
    expect(messages(mcpHeadersSchema, headers(21))).toEqual(["Use at most 20 headers."]);
  });

  it("refuses a non-object", () => {
    expect(messages(mcpHeadersSchema, ["X-Key: v"])).toEqual(["Headers are name: value pairs."]);
    expect(messages(mcpHeadersSchema, "X-Key: v")).toEqual(["Headers are name: value pairs."]);
    expect(mcpHeadersSchema.safeParse({ "X-Key": 5 }).success).toBe(false);
  });
});

describe("mcpServerUpdateSchema", () => {
  it("changes only what is given, and never clears credentials unless asked", () => {
    expect(mcpServerUpdateSchema.parse({})).toEqual({ clearCredentials: false });
    expect(mcpServerUpdateSchema.parse({ clearCredentials: true })).toEqual({ clearCredentials: true });
    expect(mcpServerUpdateSchema.parse({ url: "https://new.example.com/mcp" })).toEqual({ url: "https://new.example.com/mcp", clearCredentials: false });
    expect(mcpServerUpdateSchema.parse({ bearerToken: "" }).bearerToken).toBeUndefined();
  });

  it("checks the same URL and header rules, and has no name to change", () => {
    expect(mcpServerUpdateSchema.safeParse({ url: "ftp://x.example.com" }).success).toBe(false);
    expect(messages(mcpServerUpdateSchema, { headers: { "content-type": "text/plain" } })).toEqual(["The gateway sets content-type itself."]);
    expect(mcpServerUpdateSchema.parse({ name: "renamed" })).not.toHaveProperty("name");
  });
});

describe("tool decisions and grants", () => {
  it("decides approve or deny, with an optional trimmed note", () => {
    expect(mcpToolDecisionSchema.parse({ decision: "approve" })).toEqual({ decision: "approve" });
    expect(mcpToolDecisionSchema.parse({ decision: "deny", note: "  too broad " })).toEqual({ decision: "deny", note: "too broad" });
    expect(mcpToolDecisionSchema.parse({ decision: "deny", note: "   " }).note).toBeUndefined();
    expect(messages(mcpToolDecisionSchema, { decision: "reject" })).toEqual(["Approve or deny."]);
    expect(messages(mcpToolDecisionSchema, { decision: "approve", note: "n".repeat(1001) })).toEqual(["Use at most 1000 characters."]);
  });

  it("grants to nobody by default, with key ids deduplicated and sorted, and tags sorted", () => {
    expect(mcpToolGrantSchema.parse({})).toEqual({ grantAllKeys: false, keyIds: [], keyTags: [] });
    expect(mcpToolGrantSchema.parse({ keyIds: ["k2", " k1 ", "k2"], keyTags: ["team:b", "team:a", "team:b"], requiresCallApproval: true })).toEqual({
      grantAllKeys: false,
      keyIds: ["k1", "k2"],
      keyTags: ["team:a", "team:b"],
      requiresCallApproval: true,
    });
  });

  it("refuses bad key ids and tags, and more than 200 keys", () => {
    expect(mcpToolGrantSchema.safeParse({ keyIds: [""] }).success).toBe(false);
    expect(mcpToolGrantSchema.safeParse({ keyIds: ["k".repeat(65)] }).success).toBe(false);
    expect(messages(mcpToolGrantSchema, { keyIds: Array.from({ length: 201 }, (_, index) => `k${index}`) })).toEqual(["Choose at most 200 keys."]);
    expect(mcpToolGrantSchema.safeParse({ keyTags: ["Not A Tag"] }).success).toBe(false);
    expect(mcpToolGrantSchema.safeParse({ grantAllKeys: "yes" }).success).toBe(false);
  });

  it("decides a call: approve or reject", () => {
    expect(mcpCallDecisionSchema.parse({ decision: "reject", note: " no " })).toEqual({ decision: "reject", note: "no" });
    expect(messages(mcpCallDecisionSchema, { decision: "deny" })).toEqual(["Approve or reject."]);
    expect(messages(mcpCallDecisionSchema, {})).toEqual(["Approve or reject."]);
  });
});
