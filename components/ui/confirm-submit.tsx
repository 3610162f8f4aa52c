"use client";

import type { ComponentProps } from "react";
import { Button } from "./button";

/** A submit button that asks first: for actions that are hard to undo (revoke, remove, roll back). */
export function ConfirmSubmit({ confirm, ...props }: Omit<ComponentProps<typeof Button>, "type" | "onClick"> & { confirm: string }) {
  return (
    <Button
      type="submit"
      {...props}
      onClick={(event) => {
        if (!window.confirm(confirm)) event.preventDefault();
      }}
    />
  );
}
