"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_COLORS } from "./chart-colors";

export type RuleChartRow = { rule: string; blocked: number; flagged: number };

/** Blocked and flagged requests per rule, stacked, one row per rule. */
export function RulesChart({ rows }: { rows: RuleChartRow[] }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 36 + 60)}>
      <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
        <YAxis type="category" dataKey="rule" width={180} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend />
        <Bar dataKey="blocked" name="Blocked" stackId="decision" fill={CHART_COLORS.blocked} isAnimationActive={false} />
        <Bar dataKey="flagged" name="Flagged" stackId="decision" fill={CHART_COLORS.flagged} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
