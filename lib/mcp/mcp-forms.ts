import { splitTags } from "@/lib/schemas/model-approval";

/**
 * The MCP dashboard forms as the schemas in lib/schemas/mcp.ts read them. Extra headers arrive as
 * repeated `headerName` / `headerValue` rows (a row left blank is no header), checkboxes as
 * repeated fields or "on", tags as one text field.
 */
function text(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

/** The header rows as a record; a row with a value but no name keeps its empty name, so the schema says so. */
export function readHeaderRows(formData: FormData): Record<string, string> {
  const values = formData.getAll("headerValue").map(String);
  const headers: Record<string, string> = {};
  formData.getAll("headerName").forEach((raw, index) => {
    const name = String(raw).trim();
    const value = values[index] ?? "";
    if (name || value) headers[name] = value;
  });
  return headers;
}

export function readMcpServerForm(formData: FormData) {
  return { name: text(formData, "name"), url: text(formData, "url"), bearerToken: text(formData, "bearerToken"), headers: readHeaderRows(formData) };
}

/** What to do with the stored credentials, which are never shown back: keep them, replace them, or clear them. */
export type CredentialChoice = "keep" | "replace" | "clear";

export function readMcpServerUpdateForm(formData: FormData) {
  const choice = text(formData, "credentials") as CredentialChoice | undefined;
  return {
    url: text(formData, "url"),
    ...(choice === "replace" ? { bearerToken: text(formData, "bearerToken"), headers: readHeaderRows(formData) } : {}),
    clearCredentials: choice === "clear",
  };
}

/** Who may call the tool: nobody, every key with the mcp scope, or the chosen keys and key tags. */
export type GrantChoice = "none" | "all" | "limited";

export function readMcpToolGrantForm(formData: FormData) {
  const choice = text(formData, "grant") as GrantChoice | undefined;
  return {
    grantAllKeys: choice === "all",
    keyIds: choice === "limited" ? formData.getAll("keyIds") : [],
    keyTags: choice === "limited" ? splitTags(formData.get("keyTags")) : [],
    requiresCallApproval: formData.get("requiresCallApproval") === "on",
  };
}
