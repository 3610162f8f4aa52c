import { z } from "zod";
import { errorResource } from "./resources";

/** Building blocks of the OpenAPI document's operations: bodies and responses from zod schemas, the common errors. */

export const json = (schema: z.ZodType) => ({ "application/json": { schema: z.toJSONSchema(schema, { io: "input" }) } });
export const ok = (description: string, schema: z.ZodType) => ({ description, content: json(schema) });
export const errors = {
  "400": { description: "Invalid input", content: json(errorResource) },
  "401": { description: "Missing, invalid, revoked or expired key", content: json(errorResource) },
  "403": { description: "The key lacks the admin scope, or its creator's role lacks the permission", content: json(errorResource) },
};
export const notFound = { "404": { description: "No such resource in this org", content: json(errorResource) } };
export const idParam = [{ name: "id", in: "path", required: true, schema: { type: "string" } }];
export const conflict = (description: string) => ({ "409": { description, content: json(errorResource) } });
export const decision = (operationId: string, summary: string, body: z.ZodType, result: z.ZodType, conflictWhen?: string) => ({
  post: {
    operationId,
    summary,
    parameters: idParam,
    requestBody: { required: true, content: json(body) },
    responses: { "200": ok("After the decision", result), ...errors, ...notFound, ...(conflictWhen ? conflict(conflictWhen) : {}) },
  },
});
