import type { ReactNode } from "react";
import { ProductMark } from "@/components/dashboard/product-mark";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 bg-muted/40 p-6">
      <ProductMark />
      <div className="w-full max-w-sm">{children}</div>
    </main>
  );
}
