"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_COLORS } from "./chart-colors";

export type LatencyChartRow = { provider: string; p50: number; p95: number; p99: number };

/** p50, p95 and p99 latency side by side for each provider, in milliseconds. */
export function LatencyChart({ rows }: { rows: LatencyChartRow[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="provider" tick={{ fontSize: 12 }} />
        <YAxis unit=" ms" tick={{ fontSize: 12 }} width={64} />
        <Tooltip formatter={(value) => `${value} ms`} />
        <Legend />
        <Bar dataKey="p50" name="p50" fill={CHART_COLORS.p50} isAnimationActive={false} />
        <Bar dataKey="p95" name="p95" fill={CHART_COLORS.p95} isAnimationActive={false} />
        <Bar dataKey="p99" name="p99" fill={CHART_COLORS.p99} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
