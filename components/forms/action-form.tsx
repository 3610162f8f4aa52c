"use client";

import { type ReactNode, useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import type { FormAction, FormState } from "@/lib/schemas/form";

/**
 * A form bound to a server action that returns FormState. Shows the form-level message and hands
 * the state (field errors, echoed values) and pending flag to its children.
 */
export function ActionForm({
  action,
  hidden,
  successMessage,
  className,
  label,
  children,
}: {
  action: FormAction;
  hidden?: Record<string, string>;
  successMessage?: string;
  className?: string;
  label?: string;
  children: (state: FormState, pending: boolean) => ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className={className} aria-label={label} noValidate>
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {state.message && (
        <Alert variant="destructive" className="mb-3">
          {state.message}
        </Alert>
      )}
      {state.ok && successMessage && (
        <Alert variant="success" className="mb-3">
          {successMessage}
        </Alert>
      )}
      {children(state, pending)}
    </form>
  );
}
