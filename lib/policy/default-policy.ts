import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PolicyRule } from "./policy-schema";

/**
 * The policy a new org starts with: secrets never leave, payment cards and national ids are
 * masked, likely prompt injections are let through but queued for review. Admins change it freely.
 */
export const DEFAULT_POLICY_RULES: PolicyRule[] = [
  {
    id: "block-secrets",
    description: "Credentials and keys never reach a provider.",
    enabled: true,
    mode: "enforce",
    when: { directions: ["input", "tool_arguments"], categories: ["secret"] },
    action: { type: "block" },
  },
  {
    id: "redact-cards-and-national-ids",
    description: "Payment cards and national id numbers are replaced by placeholders.",
    enabled: true,
    mode: "enforce",
    when: {
      directions: ["input", "output", "tool_arguments", "tool_result"],
      detectors: ["pii.credit_card", "pii.us_ssn", "pii.uk_nino", "pii.es_dni_nie", "pii.nl_bsn", "pii.fr_nir", "pii.in_aadhaar", "pii.br_cpf", "pii.cn_resident_id"],
    },
    action: { type: "redact" },
  },
  {
    id: "flag-prompt-injection",
    description: "Likely prompt injections go through and are queued for an operator.",
    enabled: true,
    mode: "enforce",
    when: { directions: ["input", "tool_result"], categories: ["prompt_injection"], minSeverity: "medium" },
    action: { type: "flag" },
  },
];

export const DEFAULT_POLICY_MESSAGE = "Default policy";

/** Every new org starts at version 1 with the default policy. */
export async function createDefaultPolicy(tx: Db | Prisma.TransactionClient, orgId: string): Promise<void> {
  await tx.policyVersion.create({
    data: { orgId, version: 1, rules: DEFAULT_POLICY_RULES, customRules: [], message: DEFAULT_POLICY_MESSAGE },
  });
}
