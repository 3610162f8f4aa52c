import { splitTags } from "@/lib/schemas/limits";

/**
 * The API key forms as their schemas read them: checkboxes arrive as repeated fields, tags as
 * one comma-separated field, and empty fields mean "none" (no expiry, no limit).
 */
export function readKeyLimitsForm(formData: FormData) {
  return {
    tags: splitTags(formData.get("tags")),
    requestsPerMinute: formData.get("requestsPerMinute") ?? undefined,
    tokensPerMinute: formData.get("tokensPerMinute") ?? undefined,
  };
}

export function readKeyForm(formData: FormData) {
  return {
    name: formData.get("name"),
    scopes: formData.getAll("scopes"),
    modelAllowlist: formData.getAll("modelAllowlist"),
    expiresAt: formData.get("expiresAt") || undefined,
    ...readKeyLimitsForm(formData),
  };
}
