import { describe, expect, it } from "vitest";
import { readMcpServerForm, readMcpServerUpdateForm, readMcpToolGrantForm } from "@/lib/mcp/mcp-forms";
import { fieldErrorsOf } from "@/lib/schemas/form";
import { mcpServerInputSchema, mcpServerUpdateSchema, mcpToolGrantSchema } from "@/lib/schemas/mcp";

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("the register form", () => {
  it("reads header rows into headers, skipping blank rows", () => {
    const data = form([
      ["name", "GitHub"],
      ["url", "https://mcp.example.com/mcp"],
      ["bearerToken", "tok"],
      ["headerName", " X-Tenant "],
      ["headerValue", "acme"],
      ["headerName", ""],
      ["headerValue", ""],
    ]);
    expect(mcpServerInputSchema.parse(readMcpServerForm(data))).toEqual({ name: "github", url: "https://mcp.example.com/mcp", bearerToken: "tok", headers: { "X-Tenant": "acme" } });
  });

  it("says what is wrong next to each field: the URL, a header value typed with no name", () => {
    const data = form([["name", "ok"], ["url", "ftp://files.example.com"], ["headerName", ""], ["headerValue", "secret"]]);
    const result = mcpServerInputSchema.safeParse(readMcpServerForm(data));
    expect(fieldErrorsOf(result.error!)).toEqual({ url: ["Give an http(s) URL, e.g. https://mcp.example.com/mcp."], "headers.": ["Header names cannot be empty."] });
  });

  it("refuses a header the gateway sets itself", () => {
    const data = form([["name", "ok"], ["url", "https://a.example"], ["headerName", "Host"], ["headerValue", "evil.example"]]);
    expect(fieldErrorsOf(mcpServerInputSchema.safeParse(readMcpServerForm(data)).error!)).toEqual({ headers: ["The gateway sets Host itself."] });
  });

  it("says why a header name is not one", () => {
    const result = mcpServerInputSchema.safeParse(readMcpServerForm(form([["name", "ok"], ["url", "https://a.example"], ["headerName", "X Tenant"], ["headerValue", "acme"]])));
    expect(fieldErrorsOf(result.error!)).toEqual({ "headers.X Tenant": ["Not a valid header name."] });
  });

  it("treats an empty token as none", () => {
    expect(mcpServerInputSchema.parse(readMcpServerForm(form([["name", "a"], ["url", "https://a.example"], ["bearerToken", ""]]))).bearerToken).toBeUndefined();
  });
});

describe("the edit form", () => {
  const base: [string, string][] = [["url", "https://mcp.example.com/mcp"], ["bearerToken", "new"], ["headerName", "X-Key"], ["headerValue", "v"]];

  it("keeps stored credentials unless told to replace or clear them", () => {
    expect(mcpServerUpdateSchema.parse(readMcpServerUpdateForm(form([...base, ["credentials", "keep"]])))).toEqual({ url: "https://mcp.example.com/mcp", clearCredentials: false });
  });

  it("replaces them with the token and headers typed", () => {
    expect(mcpServerUpdateSchema.parse(readMcpServerUpdateForm(form([...base, ["credentials", "replace"]])))).toEqual({
      url: "https://mcp.example.com/mcp",
      bearerToken: "new",
      headers: { "X-Key": "v" },
      clearCredentials: false,
    });
  });

  it("clears them", () => {
    expect(mcpServerUpdateSchema.parse(readMcpServerUpdateForm(form([...base, ["credentials", "clear"]])))).toEqual({ url: "https://mcp.example.com/mcp", clearCredentials: true });
  });
});

describe("the grants form", () => {
  const picks: [string, string][] = [["keyIds", "k2"], ["keyIds", "k1"], ["keyTags", "team:data, env:prod"], ["requiresCallApproval", "on"]];

  it("grants nobody, ignoring leftover picks", () => {
    expect(mcpToolGrantSchema.parse(readMcpToolGrantForm(form([["grant", "none"], ...picks])))).toEqual({ grantAllKeys: false, keyIds: [], keyTags: [], requiresCallApproval: true });
  });

  it("grants every key with the mcp scope", () => {
    expect(mcpToolGrantSchema.parse(readMcpToolGrantForm(form([["grant", "all"], ...picks])))).toMatchObject({ grantAllKeys: true, keyIds: [], keyTags: [] });
  });

  it("grants chosen keys and tags; an unchecked box means no call approval", () => {
    expect(mcpToolGrantSchema.parse(readMcpToolGrantForm(form([["grant", "limited"], ...picks.slice(0, 3)])))).toEqual({
      grantAllKeys: false,
      keyIds: ["k1", "k2"],
      keyTags: ["env:prod", "team:data"],
      requiresCallApproval: false,
    });
  });
});
