import type { z } from "zod";

/** What a server action hands back to its form: field messages, a form-level message, or success. */
export type FormState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** Echo of the submitted values so a failed form keeps what the person typed (never passwords). */
  values?: Record<string, string>;
  /** Anything the page should show once, e.g. an invite link. */
  data?: Record<string, string>;
};

export function formValues(formData: FormData, omit: string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !key.startsWith("$") && !omit.includes(key)) values[key] = value;
  }
  return values;
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "form";
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/** The shape of every form-backed server action, as `useActionState` calls it. */
export type FormAction = (state: FormState, formData: FormData) => Promise<FormState>;
