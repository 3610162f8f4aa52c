import type { z } from "zod";
import { isStorableText, unstorableTextAt } from "@/lib/db/storable-text";
import { AppError } from "@/lib/errors";
import { GatewayError } from "@/lib/gateway/gateway-error";
import { readJsonObject } from "@/lib/gateway/read-body";
import { fieldErrorsOf } from "@/lib/schemas/form";

/** Small helpers every management API route uses: list responses, validated bodies, field names. */

export const list = (data: unknown[]) => Response.json({ object: "list", data });

export async function readBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const body = await readJsonObject(request);
  const field = unstorableTextAt(body);
  if (field !== null) throw unstorableText(field);
  return validate(schema, body);
}

/** Query parameters are refused alike: a NUL in a search filter would fail the database query. */
export function checkQueryText(url: URL): void {
  for (const [name, value] of url.searchParams) if (!isStorableText(name) || !isStorableText(value)) throw unstorableText(name);
}

function unstorableText(field: string): GatewayError {
  const message = "Text may not contain NUL characters or unpaired UTF-16 surrogates.";
  return new GatewayError(400, `${field}: ${message}`, "invalid_request_error", "invalid_value", field, { [field]: [message] });
}

/** Validates with the dashboard's own schema; the first field error names the 400. */
export function validate<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = fieldErrorsOf(parsed.error);
  const [field, messages] = Object.entries(fieldErrors)[0]!;
  throw new GatewayError(400, `${field}: ${messages[0]}`, "invalid_request_error", "invalid_value", field, fieldErrors);
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
/** Only a field's first segment is a schema key; what follows (`headers.X-Api-Key`, `keyIds.0`) is data. */
const apiFieldName = (field: string) => {
  const dot = field.indexOf(".");
  return dot < 0 ? snakeCase(field) : `${snakeCase(field.slice(0, dot))}${field.slice(dot)}`;
};

/**
 * The same error with its field names as the API spells them (`key_ids`, not the service schema's
 * `keyIds`), so a caller can match a field error to the body field it sent.
 */
export function withApiFieldNames(caught: unknown): unknown {
  if (caught instanceof AppError && caught.fieldErrors) return new AppError(caught.message, caught.status, caught.code, apiFieldErrors(caught.fieldErrors));
  if (!(caught instanceof GatewayError) || !caught.fieldErrors) return caught;
  const param = caught.param === null ? null : apiFieldName(caught.param);
  // validate() starts its message with the field's name.
  const prefix = `${caught.param}: `;
  const message = caught.param !== null && caught.message.startsWith(prefix) ? `${param}: ${caught.message.slice(prefix.length)}` : caught.message;
  return new GatewayError(caught.status, message, caught.type, caught.code, param, apiFieldErrors(caught.fieldErrors));
}

const apiFieldErrors = (fieldErrors: Record<string, string[]>) => Object.fromEntries(Object.entries(fieldErrors).map(([field, messages]) => [apiFieldName(field), messages]));
