"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_COLORS } from "./chart-colors";

export type TrafficChartPoint = { label: string; requests: number; tokens: number };

/** Requests (bars, left axis) and tokens (line, right axis) per hour or day. */
export function TrafficChart({ points }: { points: TrafficChartPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
        <YAxis yAxisId="requests" allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
        <YAxis yAxisId="tokens" orientation="right" allowDecimals={false} tick={{ fontSize: 12 }} width={56} />
        <Tooltip />
        <Legend />
        <Bar yAxisId="requests" dataKey="requests" name="Requests" fill={CHART_COLORS.requests} isAnimationActive={false} />
        <Line yAxisId="tokens" dataKey="tokens" name="Tokens" stroke={CHART_COLORS.tokens} strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
