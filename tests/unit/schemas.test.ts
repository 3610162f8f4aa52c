import { describe, expect, it } from "vitest";
import { changeRoleSchema, inviteSchema } from "@/lib/schemas/member";
import { createOrgSchema, orgSlugSchema, slugFromName } from "@/lib/schemas/org";
import { passwordSchema, signUpSchema } from "@/lib/schemas/user";

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("passwordSchema", () => {
  it.each([
    ["short1!", "Use at least 12 characters."],
    ["abcdefghijklmnop", "Mix letters with numbers or symbols, or use a longer passphrase."],
    ["123456789012345", "Mix letters with numbers or symbols, or use a longer passphrase."],
    ["Password1234", "That password is too common. Choose another."],
    ["x".repeat(129) + "1", "Use at most 128 characters."],
  ])("refuses %j", (password, message) => {
    expect(messages(passwordSchema.safeParse(password))).toContain(message);
  });

  it.each(["correct horse battery 9", "Tr0ub4dor&3-longer", "a long passphrase with spaces"])("accepts %j", (password) => {
    expect(passwordSchema.safeParse(password).success).toBe(true);
  });
});

describe("signUpSchema", () => {
  it("normalises the email to trimmed lower case and drops an empty name", () => {
    const parsed = signUpSchema.parse({ email: "  Ada@Example.COM ", password: "correct horse battery 9", name: "  " });
    expect(parsed.email).toBe("ada@example.com");
    expect(parsed.name).toBeUndefined();
  });

  it("reports each bad field by name", () => {
    const result = signUpSchema.safeParse({ email: "not-an-email", password: "short" });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["email", "password"]));
  });
});

describe("org slugs", () => {
  it.each(["acme", "acme-platform", "a1b2c3"])("accepts %j", (slug) => {
    expect(orgSlugSchema.safeParse(slug).success).toBe(true);
  });

  it.each([
    ["ab", "Use at least 3 characters."],
    ["-acme", "Use lower-case letters, digits and dashes, starting and ending with a letter or digit."],
    ["acme_corp", "Use lower-case letters, digits and dashes, starting and ending with a letter or digit."],
    ["api", "That address is reserved. Choose another."],
    ["sign-in", "That address is reserved. Choose another."],
    ["settings", "That address is reserved. Choose another."],
  ])("refuses %j", (slug, message) => {
    expect(messages(orgSlugSchema.safeParse(slug))).toContain(message);
  });

  it("derives readable slugs from names", () => {
    expect(slugFromName("Acme Corp.")).toBe("acme-corp");
    expect(slugFromName("Ada's org")).toBe("ada-s-org");
    expect(slugFromName("Café Münster")).toBe("cafe-munster");
    expect(orgSlugSchema.safeParse(slugFromName("AI")).success).toBe(true);
    expect(orgSlugSchema.safeParse(slugFromName("!!!")).success).toBe(true);
  });

  it("treats an empty slug field as 'derive it from the name'", () => {
    expect(createOrgSchema.parse({ name: "Acme", slug: "" })).toEqual({ name: "Acme", slug: undefined });
  });
});

describe("member schemas", () => {
  it("accepts only the four roles", () => {
    expect(inviteSchema.safeParse({ email: "a@b.co", role: "auditor" }).success).toBe(true);
    expect(messages(inviteSchema.safeParse({ email: "a@b.co", role: "superuser" }))).toContain(
      "Choose a role: owner, admin, member or auditor.",
    );
    expect(changeRoleSchema.safeParse({ membershipId: "", role: "admin" }).success).toBe(false);
  });
});
