import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/schemas/form";
import { accessRequestInputSchema, modelDecisionInputSchema, readScopeForm, requestDecisionInputSchema } from "@/lib/schemas/model-approval";

const errorsOf = (result: { success: boolean; error?: Parameters<typeof fieldErrorsOf>[0] }) => (result.success ? {} : fieldErrorsOf(result.error!));

describe("access request input", () => {
  const base = { modelId: "m1", reason: "Need it for the data pipeline." };

  it("wants a reason of 10 to 1000 characters", () => {
    expect(errorsOf(accessRequestInputSchema.safeParse({ ...base, reason: "  too short " }))).toEqual({ reason: ["Say in at least 10 characters what you need the model for."] });
    expect(errorsOf(accessRequestInputSchema.safeParse({ ...base, reason: "x".repeat(1001) }))).toEqual({ reason: ["Use at most 1000 characters."] });
    expect(accessRequestInputSchema.safeParse({ ...base, reason: "x".repeat(1000) }).success).toBe(true);
  });

  it("reads every key by default, and a limited scope as sorted, lower-cased, distinct lists", () => {
    expect(accessRequestInputSchema.parse(base).scope).toEqual({ keyIds: [], keyTags: [] });
    const parsed = accessRequestInputSchema.parse({ ...base, scope: "limited", keyIds: ["k2", "k1", "k2"], keyTags: ["Team:Data", "env:prod"] });
    expect(parsed.scope).toEqual({ keyIds: ["k1", "k2"], keyTags: ["env:prod", "team:data"] });
    // Choosing every key drops whatever lists came along.
    expect(accessRequestInputSchema.parse({ ...base, scope: "org", keyTags: ["team:data"] }).scope).toEqual({ keyIds: [], keyTags: [] });
  });

  it("refuses a limited scope that names nothing, and malformed tags", () => {
    expect(errorsOf(accessRequestInputSchema.safeParse({ ...base, scope: "limited" }))).toEqual({ keyTags: ["Name at least one tag or key, or choose every key."] });
    expect(errorsOf(accessRequestInputSchema.safeParse({ ...base, scope: "limited", keyTags: ["team data!"] }))).toEqual({
      "keyTags.0": ["Tags use letters, digits and . _ : / - only, e.g. team:data."],
    });
  });
});

describe("decisions", () => {
  it("needs a note to deny a request, not to approve one", () => {
    expect(errorsOf(requestDecisionInputSchema.safeParse({ requestId: "r1", decision: "deny", note: "   " }))).toEqual({ note: ["Say why you deny it."] });
    expect(requestDecisionInputSchema.parse({ requestId: "r1", decision: "approve" })).toEqual({ requestId: "r1", decision: "approve", note: undefined, scope: undefined });
    expect(requestDecisionInputSchema.parse({ requestId: "r1", decision: "approve", scope: "limited", keyTags: ["team:data"] }).scope).toEqual({ keyIds: [], keyTags: ["team:data"] });
  });

  it("needs a note to deny a model, and a named scope when approving for some keys", () => {
    expect(errorsOf(modelDecisionInputSchema.safeParse({ modelId: "m1", decision: "deny" }))).toEqual({ note: ["Say why you deny it."] });
    expect(errorsOf(modelDecisionInputSchema.safeParse({ modelId: "m1", decision: "approve", scope: "limited" }))).toHaveProperty("keyTags");
    expect(modelDecisionInputSchema.parse({ modelId: "m1", decision: "revoke" })).toMatchObject({ decision: "revoke", scope: { keyIds: [], keyTags: [] } });
    expect(errorsOf(modelDecisionInputSchema.safeParse({ modelId: "m1", decision: "delete" }))).toEqual({ decision: ["Choose approve, deny or revoke."] });
  });
});

describe("the dashboard's scope fields", () => {
  it("split the tags field on commas and spaces and read every checked key", () => {
    const form = new FormData();
    form.set("scope", "limited");
    form.set("keyTags", " team:data,env:prod  ,, team:web ");
    form.append("keyIds", "k1");
    form.append("keyIds", "k2");
    expect(readScopeForm(form)).toEqual({ scope: "limited", keyIds: ["k1", "k2"], keyTags: ["team:data", "env:prod", "team:web"] });
  });
});
