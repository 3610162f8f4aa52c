import { Input } from "@/components/ui/input";

type PickableKey = { id: string; name: string; tags: string[] };

/**
 * Key tags (one comma-separated field, `keyTags`) and named keys (checkboxes, `keyIds`): the
 * "only these keys" part of every form that limits something to some keys (model approvals, MCP
 * tool grants). A failed submit's typed tags come back through `defaultTags`.
 */
export function KeyScopePicker({
  idPrefix,
  keys,
  defaultTags,
  defaultKeyIds,
  invalid,
  tagsHint,
  keysLabel,
  noKeys,
}: {
  idPrefix: string;
  keys: PickableKey[];
  defaultTags: string;
  defaultKeyIds: string[];
  invalid: boolean;
  tagsHint: string;
  keysLabel: string;
  /** Shown in place of the checkboxes when there is no key to pick; without it the group is left out. */
  noKeys?: React.ReactNode;
}) {
  return (
    <div className="grid gap-3 border-l-2 pl-4">
      <div className="grid gap-1">
        <label htmlFor={`${idPrefix}-tags`} className="text-sm font-medium">
          Key tags
        </label>
        <Input
          id={`${idPrefix}-tags`}
          name="keyTags"
          placeholder="team:data, env:prod"
          defaultValue={defaultTags}
          aria-invalid={invalid}
          aria-describedby={`${idPrefix}-tags-hint`}
        />
        <p id={`${idPrefix}-tags-hint`} className="text-xs text-muted-foreground">
          {tagsHint}
        </p>
      </div>
      {(keys.length > 0 || noKeys) && (
        <fieldset className="grid gap-1">
          <legend className="text-sm font-medium">{keysLabel}</legend>
          {keys.length === 0 ? (
            <p className="text-xs text-muted-foreground">{noKeys}</p>
          ) : (
            <div className="flex flex-wrap gap-x-4 gap-y-2">
              {keys.map((key) => (
                <label key={key.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="keyIds" value={key.id} defaultChecked={defaultKeyIds.includes(key.id)} />
                  {key.name}
                  {key.tags.length > 0 && <span className="font-mono text-xs text-muted-foreground">{key.tags.join(" ")}</span>}
                </label>
              ))}
            </div>
          )}
        </fieldset>
      )}
    </div>
  );
}
