import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Every page is rendered per request, so Next can put that request's CSP nonce (proxy.ts) on
// its scripts; a page prerendered at build time (the root not-found page) would have none.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "LLM Gateway", template: "%s · LLM Gateway" },
  description: "One governed request layer between your apps and your model providers.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
