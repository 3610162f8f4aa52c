"use client";

import { useState } from "react";
import { KeyScopePicker } from "@/components/keys/key-scope-picker";
import type { ScopeDefault, ScopeOptions } from "@/lib/catalog/catalog-view";

/**
 * Who a model is for: every key of the org, or only keys carrying some tags and some named keys.
 * Sends `scope` (org | limited), `keyTags` (one text field, comma separated) and `keyIds`.
 */
export function ScopeFields({
  idPrefix,
  options,
  defaults,
  errors,
  echoed,
  keysLabel,
}: {
  idPrefix: string;
  options: ScopeOptions;
  defaults: ScopeDefault;
  errors?: Record<string, string[]>;
  /** What a failed submit sent back: React resets the form after every action, so typed tags come from here. */
  echoed?: Record<string, string>;
  keysLabel: string;
}) {
  const [scope, setScope] = useState(defaults.scope);
  // Array items report under `keyTags.0` and the like.
  const limitedErrors = [...new Set(Object.entries(errors ?? {}).flatMap(([field, messages]) => (/^(keyTags|keyIds|scope)/.test(field) ? messages : [])))];
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm font-medium">Who may use it</legend>
      <label className="flex items-center gap-2 text-sm">
        <input type="radio" name="scope" value="org" checked={scope === "org"} onChange={() => setScope("org")} />
        Every key of the org
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="radio" name="scope" value="limited" checked={scope === "limited"} onChange={() => setScope("limited")} />
        Only keys with these tags, or these keys
      </label>
      {scope === "limited" && (
        <KeyScopePicker
          idPrefix={idPrefix}
          keys={options.keys}
          defaultTags={echoed?.keyTags ?? defaults.keyTags.join(", ")}
          defaultKeyIds={defaults.keyIds}
          invalid={limitedErrors.length > 0}
          tagsHint={`Comma separated. ${options.tagsInUse.length ? `In use: ${options.tagsInUse.join(", ")}.` : "No key carries a tag yet."}`}
          keysLabel={keysLabel}
        />
      )}
      {limitedErrors.length > 0 && (
        <p role="alert" className="text-sm text-destructive">
          {limitedErrors.join(" ")}
        </p>
      )}
    </fieldset>
  );
}
