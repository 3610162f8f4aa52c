import { ShieldCheck } from "lucide-react";

export function ProductMark() {
  return (
    <span className="flex items-center gap-2 font-semibold">
      <ShieldCheck aria-hidden className="size-5" />
      LLM Gateway
    </span>
  );
}
