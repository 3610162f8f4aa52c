import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/audit/chain/canonical-json";

/**
 * What the gateway keeps of a tool an upstream server lists, and the hash that detects a changed
 * definition. Everything a model reads to decide how to use the tool is in it (the description
 * above all: that is where a "rug pull" hides new instructions), so any change to it is a change.
 */
export type ToolDefinition = {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
};

/** MCP's own rule for tool names: 1 to 128 characters of A-Z a-z 0-9 _ - . */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const MAX_DEFINITION_BYTES = 64 * 1024;

export class MalformedToolsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedToolsError";
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks one listed tool and keeps only the fields that define it. Throws MalformedToolsError. */
export function toToolDefinition(raw: unknown): ToolDefinition {
  if (!isObject(raw)) throw new MalformedToolsError("The server listed a tool that is not an object.");
  const name = raw.name;
  if (typeof name !== "string" || !TOOL_NAME.test(name)) {
    throw new MalformedToolsError(`The server listed a tool with an invalid name (${JSON.stringify(String(name)).slice(0, 80)}); names are 1-128 characters of letters, digits, _ - and .`);
  }
  if (!isObject(raw.inputSchema) || raw.inputSchema.type !== "object") {
    throw new MalformedToolsError(`Tool ${name} has no input schema of type "object".`);
  }
  for (const field of ["title", "description"] as const) {
    if (raw[field] !== undefined && typeof raw[field] !== "string") throw new MalformedToolsError(`Tool ${name} has a ${field} that is not text.`);
  }
  for (const field of ["outputSchema", "annotations"] as const) {
    if (raw[field] !== undefined && !isObject(raw[field])) throw new MalformedToolsError(`Tool ${name} has ${field} that is not an object.`);
  }
  const definition: ToolDefinition = {
    name,
    ...(typeof raw.title === "string" ? { title: raw.title } : {}),
    ...(typeof raw.description === "string" ? { description: raw.description } : {}),
    inputSchema: raw.inputSchema,
    ...(isObject(raw.outputSchema) ? { outputSchema: raw.outputSchema } : {}),
    ...(isObject(raw.annotations) ? { annotations: raw.annotations } : {}),
  };
  if (Buffer.byteLength(canonicalJson(definition)) > MAX_DEFINITION_BYTES) {
    throw new MalformedToolsError(`Tool ${name}'s definition is larger than ${MAX_DEFINITION_BYTES / 1024} KB.`);
  }
  return definition;
}

/** Every listed tool checked, and names unique: two tools with one name could not be told apart. */
export function toToolDefinitions(rawTools: unknown[]): ToolDefinition[] {
  const definitions = rawTools.map(toToolDefinition);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { name } of definitions) (seen.has(name) ? duplicates : seen).add(name);
  if (duplicates.size) throw new MalformedToolsError(`The server lists more than one tool named ${[...duplicates].join(", ")}.`);
  return definitions;
}

/** sha256 of the canonical JSON: the same definition hashes the same whatever its key order. */
export function definitionHash(definition: ToolDefinition): string {
  return createHash("sha256").update(canonicalJson(definition)).digest("hex");
}

/** Tools reach clients as `<server>__<tool>`, so two servers' tools never collide. */
export const NAMESPACE_SEPARATOR = "__";

export function exposedToolName(serverName: string, toolName: string): string {
  return `${serverName}${NAMESPACE_SEPARATOR}${toolName}`;
}

/** Splits at the first `__`: server names never contain one (lib/schemas/mcp.ts). */
export function parseExposedToolName(exposed: string): { serverName: string; toolName: string } | null {
  const at = exposed.indexOf(NAMESPACE_SEPARATOR);
  if (at <= 0 || at + NAMESPACE_SEPARATOR.length >= exposed.length) return null;
  return { serverName: exposed.slice(0, at), toolName: exposed.slice(at + NAMESPACE_SEPARATOR.length) };
}
