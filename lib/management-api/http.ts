import type { z } from "zod";
import { GatewayError } from "@/lib/gateway/gateway-error";
import { readJsonObject } from "@/lib/gateway/read-body";
import { fieldErrorsOf } from "@/lib/schemas/form";

/** Small helpers every management API route uses: list responses and validated bodies. */

export const list = (data: unknown[]) => Response.json({ object: "list", data });

export async function readBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  return validate(schema, await readJsonObject(request));
}

/** Validates with the dashboard's own schema; the first field error names the 400. */
export function validate<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = fieldErrorsOf(parsed.error);
  const [field, messages] = Object.entries(fieldErrors)[0]!;
  throw new GatewayError(400, `${field}: ${messages[0]}`, "invalid_request_error", "invalid_value", field, fieldErrors);
}
