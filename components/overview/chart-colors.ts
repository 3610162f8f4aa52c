/** One palette for every chart, distinguishable with common colour-vision deficiencies. */
export const CHART_COLORS = {
  requests: "#2563eb",
  tokens: "#0d9488",
  blocked: "#dc2626",
  flagged: "#d97706",
  p50: "#93c5fd",
  p95: "#2563eb",
  p99: "#1e3a8a",
} as const;
