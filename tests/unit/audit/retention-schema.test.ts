import { describe, expect, it } from "vitest";
import { auditRetentionSchema } from "@/lib/schemas/org";

describe("auditRetentionSchema", () => {
  it("takes 1 to 3650 days, and empty as forever", () => {
    expect(auditRetentionSchema.parse({ auditRetentionDays: "30" })).toEqual({ auditRetentionDays: 30 });
    expect(auditRetentionSchema.parse({ auditRetentionDays: "3650" })).toEqual({ auditRetentionDays: 3650 });
    expect(auditRetentionSchema.parse({ auditRetentionDays: " " })).toEqual({ auditRetentionDays: null });
  });

  it("refuses zero, fractions, more than ten years and words", () => {
    for (const value of ["0", "1.5", "3651", "ninety"]) expect(auditRetentionSchema.safeParse({ auditRetentionDays: value }).success, value).toBe(false);
  });
});
