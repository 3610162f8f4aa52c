import fc from "fast-check";
import { type FuzzRequest, headersFor, jsonBodies } from "./fuzz-request";
import { hostileQuery, hostileSegment, hostileValue, oddMethod, oneChangeIn, percentEncoded, toJsonText, transfer } from "./hostile-values";

/**
 * Hostile requests to the management API, enumerated from its own OpenAPI document, so a route
 * added there is fuzzed without touching this file: each operation's path with its ids replaced
 * (real ids of the test world, garbage, traversal, huge, non-UTF-8), its query parameters and
 * its body built from its JSON Schema with fields swapped for values of the wrong type.
 */

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};
type Operation = { parameters?: { name: string; in: string; schema?: JsonSchema }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

const METHODS = ["get", "post", "put", "patch", "delete"];

/** Ids the test world created, as placeholders: decoys it may lose, and another org's, which must stay out of reach. */
export const REAL_IDS = ["«id:decoy-key»", "«id:decoy-provider»", "«id:decoy-model»", "«id:decoy-route»", "«id:decoy-mcp-server»", "«id:decoy-mcp-tool»", "«request-id»", "«id:other-org-key»", "«id:other-org-provider»"];
const ID_WORDS = ["versions", "simulate", "rollback", "verify", "export"];

// Only loopback URLs (refused at once) and ones that are no URL: a fuzzed URL must not send the server out to the network.
const URLS = ["«mcp-upstream-url»", "http://127.0.0.1:1/", "http://localhost:1/mcp", "http://[::1]:1/", "ftp://127.0.0.1/", "javascript:alert(1)", "file:///etc/passwd", "http://", "not a url", "http://user:pass@127.0.0.1:1/"];

const idValue = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...REAL_IDS) }, { weight: 1, arbitrary: hostileValue });

/** Mostly a value the schema allows, sometimes a hostile one, at every level. */
function valueFor(schema: JsonSchema | undefined, name = "", depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: allowedValue(schema, name, depth) }, { weight: 1, arbitrary: hostileValue });
}

function allowedValue(schema: JsonSchema | undefined, name: string, depth: number): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return hostileValue;
  if (/(^|_)ids?$/.test(name)) return schema.type === "array" ? fc.array(idValue, { maxLength: 3 }) : idValue;
  if (/url$/.test(name) || schema.format === "uri") return fc.constantFrom(...URLS);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices?.length) return fc.oneof(...choices.map((choice) => allowedValue(choice, name, depth + 1)));
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? "any"];
  return fc.oneof(...types.map((type) => ofType(type, schema, name, depth)));
}

function ofType(type: string, schema: JsonSchema, name: string, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case "string":
      if (schema.format === "date-time") return fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.constantFrom("2020-02-30T00:00:00Z", "yesterday", "0000-00-00"));
      return fc.string({ maxLength: Math.min(schema.maxLength ?? 40, 40) });
    case "integer":
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 100_000 });
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(valueFor(schema.items, name, depth + 1), { maxLength: 3 });
    case "object": {
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0) return hostileValue;
      const shape = Object.fromEntries(properties.map(([key, property]) => [key, valueFor(property, key, depth + 1)]));
      return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((key) => key in shape) });
    }
    default:
      return hostileValue;
  }
}

const PADDING = { prefix: '{"name":"', suffix: '"}' };

function operationRequests(template: string, method: string, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const ids = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...REAL_IDS, ...ID_WORDS) }, { weight: 4, arbitrary: hostileSegment });
  const path = fc.tuple(ids, queryFor(operation)).map(([id, query]) => `/api/v1${template.replaceAll("{id}", id)}${query}`);
  const schema = operation.requestBody?.content?.["application/json"]?.schema;
  // A hostile value at every level, or an allowed body with exactly one change.
  const body = schema ? jsonBodies(fc.oneof(valueFor(schema), oneChangeIn(allowedValue(schema, "", 0))), PADDING) : fc.oneof({ weight: 6, arbitrary: fc.constant({ kind: "none" as const }) }, { weight: 1, arbitrary: jsonBodies(hostileValue, PADDING) });
  return fc.record({
    surface: fc.constant("management" as const),
    route: fc.constant(`${method.toUpperCase()} ${template}`),
    // Now and then another method on the same path: a 404 or 405 in the API's shape.
    method: fc.oneof({ weight: 10, arbitrary: fc.constant(method.toUpperCase()) }, { weight: 1, arbitrary: oddMethod }),
    path,
    headers: headersFor("admin-key"),
    body,
    transfer,
  });
}

/** The operation's own query parameters, each allowed or hostile, or a hostile query string. */
function queryFor(operation: Operation): fc.Arbitrary<string> {
  const query = (operation.parameters ?? []).filter((parameter) => parameter.in === "query");
  if (query.length === 0) return hostileQuery;
  // Allowed values are percent-encoded here; hostile segments come encoded (or deliberately mis-encoded) already.
  const values = Object.fromEntries(query.map((parameter) => [parameter.name, fc.oneof(allowedValue(parameter.schema, parameter.name, 0).map((value) => percentEncoded(typeof value === "string" ? value : toJsonText(value))), hostileSegment)]));
  return fc.oneof(
    fc.record(values, { requiredKeys: [] }).map((chosen) => {
      const pairs = Object.entries(chosen).map(([name, value]) => `${name}=${value}`);
      return pairs.length ? `?${pairs.join("&")}` : "";
    }),
    hostileQuery,
  );
}

const strays: fc.Arbitrary<FuzzRequest> = fc.record({
  surface: fc.constant("management" as const),
  route: fc.constant("other /api/v1"),
  method: oddMethod,
  path: fc.oneof(
    fc.constantFrom("/api/v1/", "/api/v1/openapi.json", "/api/v1/openapi.json/", "/api/v1//keys", "/api/v1/keys/../keys", "/api/v1/%2e%2e/%2e%2e/v1/models", "/api/v1/mcp", "/api/v1/mcp/servers/a/b/c", "/api/v1/keys/a/b/c/d", "/api/v1/KEYS"),
    hostileSegment.map((segment) => `/api/v1/${segment}`),
  ),
  headers: headersFor("admin-key"),
  body: fc.oneof(fc.constant({ kind: "none" as const }), jsonBodies(hostileValue, PADDING)),
  transfer,
});

/** Every operation of the document, each about as likely as the others, plus paths it does not have. */
export function managementRequests(document: OpenApiDocument): fc.Arbitrary<FuzzRequest> {
  const operations = Object.entries(document.paths).flatMap(([template, item]) =>
    METHODS.filter((method) => item[method]).map((method) => operationRequests(template.replace(/\{[^}]+\}/g, "{id}"), method, item[method]!)),
  );
  return fc.oneof(...operations.map((arbitrary) => ({ weight: 4, arbitrary })), { weight: Math.max(2, Math.round(operations.length / 6)), arbitrary: strays });
}

export const operationCount = (document: OpenApiDocument) => Object.values(document.paths).reduce((count, item) => count + METHODS.filter((method) => item[method]).length, 0);
