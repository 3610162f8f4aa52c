"use client";

import { useEffect, useState } from "react";
import type { PlaygroundMetadata } from "@/lib/gateway/playground";

type Summary = NonNullable<PlaygroundMetadata["gateway"]>;
type FullRecord = { outcome: string; status: number; latency_ms: number; ttft_ms: number | null; usage: { total_tokens: number | null }; error: { message: string } | null };

/** What the gateway decided for one playground request, then its full record once it is written. */
export function DecisionRecord({ orgSlug, summary }: { orgSlug: string; summary: Summary }) {
  const [record, setRecord] = useState<FullRecord | null>(null);
  useEffect(() => {
    let cancelled = false;
    setRecord(null);
    if (!summary.requestId) return;
    fetch(`/api/orgs/${orgSlug}/requests/${encodeURIComponent(summary.requestId)}`)
      .then((response) => (response.ok ? response.json() : null))
      .then((body: FullRecord | null) => !cancelled && setRecord(body))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [orgSlug, summary.requestId]);

  const rows: [string, string][] = [
    ["Request id", summary.requestId],
    ["Provider", summary.provider || "—"],
    ["Upstream model", summary.upstreamModel || "—"],
    ["Decision", summary.decision],
    ["Matched rules", summary.matchedRules || "none"],
    ...(record
      ? ([
          ["Outcome", `${record.outcome} (${record.status})`],
          ["Latency", `${record.latency_ms} ms`],
          ["Time to first token", record.ttft_ms === null ? "—" : `${record.ttft_ms} ms`],
          ["Tokens", record.usage.total_tokens === null ? "—" : String(record.usage.total_tokens)],
        ] as [string, string][])
      : []),
  ];
  return (
    <dl aria-label="Decision record" className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="break-all font-mono text-xs leading-5">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
