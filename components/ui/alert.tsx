import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Alert({
  className,
  variant = "default",
  ...props
}: ComponentProps<"div"> & { variant?: "default" | "destructive" | "success" | "warning" }) {
  return (
    <div
      role={variant === "destructive" ? "alert" : "status"}
      className={cn(
        "rounded-lg border px-4 py-3 text-sm",
        variant === "destructive" && "border-destructive/40 bg-destructive/5 text-destructive",
        variant === "success" && "border-emerald-600/30 bg-emerald-50 text-emerald-900",
        variant === "warning" && "border-amber-500/40 bg-amber-50 text-amber-900",
        className,
      )}
      {...props}
    />
  );
}
