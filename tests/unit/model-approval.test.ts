import { describe, expect, it } from "vitest";
import {
  type ModelApproval,
  approvalCoversKey,
  approvedOrgWide,
  describeScope,
  keyMayUse,
  mergeScopes,
  normalizeScope,
  scopeCovered,
} from "@/lib/catalog/model-approval";

const approved = (keyIds: string[] = [], keyTags: string[] = []): ModelApproval => ({ state: "approved", keyIds, keyTags });
const key = (overrides: Partial<{ id: string; tags: string[]; modelAllowlist: string[] }> = {}) => ({ id: "k1", tags: [], modelAllowlist: [], ...overrides });
const model = (approval: ModelApproval, publicName = "gpt") => ({ publicName, approval });

describe("the usability rule", () => {
  it("lets every key use a model approved with no key or tag named", () => {
    expect(keyMayUse(model(approved()), key())).toBe(true);
    expect(keyMayUse(model(approved()), key({ id: "other", tags: ["env:prod"] }))).toBe(true);
  });

  it("lets no key use a model that is unreviewed or denied, whatever its lists say", () => {
    for (const state of ["unreviewed", "denied"] as const) {
      expect(keyMayUse(model({ state, keyIds: [], keyTags: [] }), key())).toBe(false);
      expect(keyMayUse(model({ state, keyIds: ["k1"], keyTags: ["team:data"] }), key({ tags: ["team:data"] }))).toBe(false);
    }
  });

  it("limits an approval to the keys it names by id or by tag", () => {
    const forData = model(approved([], ["team:data"]));
    expect(keyMayUse(forData, key({ tags: ["team:data"] }))).toBe(true);
    expect(keyMayUse(forData, key({ tags: ["env:prod", "team:data"] }))).toBe(true);
    expect(keyMayUse(forData, key({ tags: ["team:web"] }))).toBe(false);
    expect(keyMayUse(forData, key())).toBe(false);

    const forK2 = model(approved(["k2"]));
    expect(keyMayUse(forK2, key({ id: "k2" }))).toBe(true);
    expect(keyMayUse(forK2, key({ id: "k1" }))).toBe(false);

    const either = model(approved(["k2"], ["env:prod"]));
    expect(keyMayUse(either, key({ id: "k2" }))).toBe(true);
    expect(keyMayUse(either, key({ id: "k3", tags: ["env:prod"] }))).toBe(true);
    expect(keyMayUse(either, key({ id: "k3", tags: ["env:dev"] }))).toBe(false);
  });

  it("narrows further by the key's own allowlist, which never widens", () => {
    expect(keyMayUse(model(approved(), "gpt"), key({ modelAllowlist: ["gpt"] }))).toBe(true);
    expect(keyMayUse(model(approved(), "gpt"), key({ modelAllowlist: ["claude"] }))).toBe(false);
    expect(keyMayUse(model({ state: "unreviewed", keyIds: [], keyTags: [] }, "gpt"), key({ modelAllowlist: ["gpt"] }))).toBe(false);
    expect(keyMayUse(model(approved([], ["team:data"]), "gpt"), key({ tags: ["team:web"], modelAllowlist: ["gpt"] }))).toBe(false);
  });

  it("calls only an approval with both lists empty org-wide", () => {
    expect(approvedOrgWide(approved())).toBe(true);
    expect(approvedOrgWide(approved([], ["team:data"]))).toBe(false);
    expect(approvedOrgWide(approved(["k1"]))).toBe(false);
    expect(approvedOrgWide({ state: "unreviewed", keyIds: [], keyTags: [] })).toBe(false);
    expect(approvalCoversKey(approved([], ["team:data"]), { id: "k1", tags: ["team:data"] })).toBe(true);
  });
});

describe("merging a granted scope into a model's approval", () => {
  it("lets org-wide win either way", () => {
    expect(mergeScopes(approved([], ["team:data"]), { keyIds: [], keyTags: [] })).toEqual({ keyIds: [], keyTags: [] });
    expect(mergeScopes(approved(), { keyIds: ["k1"], keyTags: ["team:data"] })).toEqual({ keyIds: [], keyTags: [] });
  });

  it("adds two limited approvals up, and replaces whatever an unapproved model had", () => {
    expect(mergeScopes(approved(["k2"], ["team:data"]), { keyIds: ["k1", "k2"], keyTags: ["env:prod"] })).toEqual({ keyIds: ["k1", "k2"], keyTags: ["env:prod", "team:data"] });
    expect(mergeScopes({ state: "denied", keyIds: ["k9"], keyTags: ["old"] }, { keyIds: [], keyTags: ["team:data"] })).toEqual({ keyIds: [], keyTags: ["team:data"] });
  });

  it("knows when a scope is already granted", () => {
    expect(scopeCovered(approved(), { keyIds: ["k1"], keyTags: [] })).toBe(true);
    expect(scopeCovered(approved([], ["team:data", "env:prod"]), { keyIds: [], keyTags: ["team:data"] })).toBe(true);
    expect(scopeCovered(approved([], ["team:data"]), { keyIds: [], keyTags: ["team:data", "env:prod"] })).toBe(false);
    expect(scopeCovered(approved([], ["team:data"]), { keyIds: [], keyTags: [] })).toBe(false);
    expect(scopeCovered({ state: "unreviewed", keyIds: [], keyTags: [] }, { keyIds: [], keyTags: [] })).toBe(false);
  });

  it("normalizes scopes so equal grants compare equal", () => {
    expect(normalizeScope({ keyIds: ["b", "a", "b"], keyTags: ["z", "a"] })).toEqual({ keyIds: ["a", "b"], keyTags: ["a", "z"] });
  });
});

describe("describing a scope", () => {
  it("names tags, and keys the viewer may see, counting the rest", () => {
    const names = new Map([["k1", "ci"], ["k2", "web"]]);
    expect(describeScope({ keyIds: [], keyTags: [] })).toBe("every key");
    expect(describeScope({ keyIds: [], keyTags: ["team:data"] })).toBe("tag team:data");
    expect(describeScope({ keyIds: ["k1", "k2"], keyTags: ["team:data", "env:prod"] }, names)).toBe("tags team:data, env:prod; keys ci and web");
    expect(describeScope({ keyIds: ["k1", "k3"], keyTags: [] }, names)).toBe("keys ci and 1 other key");
    expect(describeScope({ keyIds: ["k3"], keyTags: [] }, names)).toBe("1 key");
  });
});
