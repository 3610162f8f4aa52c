"use client";

import { useState } from "react";
import { Input } from "@/components/ui/input";
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
        <div className="grid gap-3 border-l-2 pl-4">
          <div className="grid gap-1">
            <label htmlFor={`${idPrefix}-tags`} className="text-sm font-medium">
              Key tags
            </label>
            <Input
              id={`${idPrefix}-tags`}
              name="keyTags"
              placeholder="team:data, env:prod"
              defaultValue={echoed?.keyTags ?? defaults.keyTags.join(", ")}
              aria-invalid={limitedErrors.length > 0}
              aria-describedby={`${idPrefix}-tags-hint`}
            />
            <p id={`${idPrefix}-tags-hint`} className="text-xs text-muted-foreground">
              Comma separated. {options.tagsInUse.length ? `In use: ${options.tagsInUse.join(", ")}.` : "No key carries a tag yet."}
            </p>
          </div>
          {options.keys.length > 0 && (
            <div className="grid gap-1">
              <span className="text-sm font-medium">{keysLabel}</span>
              <div className="flex flex-wrap gap-x-4 gap-y-2">
                {options.keys.map((key) => (
                  <label key={key.id} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="keyIds" value={key.id} defaultChecked={defaults.keyIds.includes(key.id)} />
                    {key.name}
                    {key.tags.length > 0 && <span className="font-mono text-xs text-muted-foreground">{key.tags.join(" ")}</span>}
                  </label>
                ))}
              </div>
            </div>
          )}
        </div>
      )}
      {limitedErrors.length > 0 && (
        <p role="alert" className="text-sm text-destructive">
          {limitedErrors.join(" ")}
        </p>
      )}
    </fieldset>
  );
}
