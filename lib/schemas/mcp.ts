import { z } from "zod";
import { keyTagsSchema } from "./limits";
import { noteSchema } from "./model-approval";

/**
 * Zod schemas for governed MCP tools, shared by the dashboard's forms and the management API
 * (which maps its snake_case bodies onto them).
 */

/** The namespace of a server's tools: `github` exposes `github__create_issue`, so no `__` inside. */
export const mcpServerNameSchema = z
  .string({ error: "Name the server." })
  .trim()
  .toLowerCase()
  .min(1, { error: "Name the server." })
  .max(32, { error: "Use at most 32 characters." })
  .regex(/^[a-z0-9](?:[a-z0-9-]|_(?!_))*$/, { error: "Use lower-case letters, digits, - and single _ (it prefixes tool names, e.g. github__create_issue)." })
  .refine((name) => !name.endsWith("_"), { error: "The name cannot end with _." });

const urlSchema = z
  .string({ error: "Give the server's URL." })
  .trim()
  .max(2048, { error: "Use at most 2048 characters." })
  .pipe(z.url({ protocol: /^https?$/, error: "Give an http(s) URL, e.g. https://mcp.example.com/mcp." }));

/** Header names as HTTP allows them; values without line breaks (they would split the request). */
const headerNameSchema = z
  .string()
  .trim()
  .min(1, { error: "Header names cannot be empty." })
  .max(100)
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: "Not a valid header name." });
const headerValueSchema = z
  .string()
  .max(8192, { error: "Use at most 8192 characters per header value." })
  .regex(/^[^\r\n\0]*$/, { error: "Header values cannot contain line breaks." });

/** Headers the gateway must never let a stored credential override: they belong to the transport. */
const RESERVED_HEADERS = new Set(["host", "content-length", "content-type", "accept", "mcp-session-id", "mcp-protocol-version", "connection", "transfer-encoding"]);

export const mcpHeadersSchema = z
  .record(headerNameSchema, headerValueSchema, {
    // A bad name reports its own problem ("Header names cannot be empty."), not only that the record is wrong.
    error: (issue) => (issue.code === "invalid_key" ? issue.issues?.[0]?.message : undefined) ?? "Headers are name: value pairs.",
  })
  .superRefine((headers, ctx) => {
    const reserved = Object.keys(headers).filter((name) => RESERVED_HEADERS.has(name.toLowerCase()));
    if (reserved.length) ctx.addIssue({ code: "custom", message: `The gateway sets ${reserved.join(", ")} itself.` });
    if (Object.keys(headers).length > 20) ctx.addIssue({ code: "custom", message: "Use at most 20 headers." });
  });

const bearerTokenSchema = z
  .string()
  .trim()
  .max(8192, { error: "Use at most 8192 characters." })
  .regex(/^\S*$/, { error: "A bearer token has no spaces." })
  .transform((value) => value || undefined)
  .optional();

export const mcpServerInputSchema = z.object({
  name: mcpServerNameSchema,
  url: urlSchema,
  bearerToken: bearerTokenSchema,
  headers: mcpHeadersSchema.default({}),
});
export type McpServerInput = z.infer<typeof mcpServerInputSchema>;

/**
 * An edit: credentials are replaced only when given (`bearerToken`/`headers`), or removed with
 * `clearCredentials`; leaving them out keeps what is stored, since it is never shown back.
 */
export const mcpServerUpdateSchema = z.object({
  url: urlSchema.optional(),
  bearerToken: bearerTokenSchema,
  headers: mcpHeadersSchema.optional(),
  clearCredentials: z.boolean().default(false),
});
export type McpServerUpdate = z.infer<typeof mcpServerUpdateSchema>;

export const mcpToolDecisionSchema = z.object({
  decision: z.enum(["approve", "deny"], { error: "Approve or deny." }),
  note: noteSchema,
});
export type McpToolDecision = z.infer<typeof mcpToolDecisionSchema>;

const keyIdsSchema = z.array(z.string().trim().min(1).max(64)).max(200, { error: "Choose at most 200 keys." });

/** Who may call a tool, and whether each call waits for an operator. */
export const mcpToolGrantSchema = z.object({
  grantAllKeys: z.boolean().default(false),
  keyIds: keyIdsSchema.default([]).transform((ids) => [...new Set(ids)].sort()),
  keyTags: keyTagsSchema.default([]).transform((tags) => [...tags].sort()),
  requiresCallApproval: z.boolean().optional(),
});
export type McpToolGrant = z.infer<typeof mcpToolGrantSchema>;

export const mcpCallDecisionSchema = z.object({
  decision: z.enum(["approve", "reject"], { error: "Approve or reject." }),
  note: noteSchema,
});
export type McpCallDecision = z.infer<typeof mcpCallDecisionSchema>;
