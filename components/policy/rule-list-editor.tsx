"use client";

import { Plus } from "lucide-react";
import { type Dispatch, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { PlacedErrors } from "./draft-errors";
import type { DraftChange, RuleDraft } from "./policy-draft";
import { ruleControlId, RuleFields, ruleName } from "./rule-fields";

/**
 * The ordered rules, one card each. Order decides which rule wins, so moving is as easy as editing;
 * focus follows the rule a button acted on, and each move is announced.
 */
export function RuleListEditor({
  rules,
  errors,
  detectorOptions,
  onChange,
}: {
  rules: RuleDraft[];
  errors: Pick<PlacedErrors, "rules" | "rulesList">;
  detectorOptions: readonly string[];
  onChange: Dispatch<DraftChange>;
}) {
  const [announcement, setAnnouncement] = useState("");
  // What to focus once the list has re-rendered: React may re-insert a moved card's element, which
  // takes focus away from the button that was pressed.
  const focusNext = useRef<((rules: RuleDraft[]) => HTMLElement | null) | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const target = focusNext.current?.(rules);
    focusNext.current = null;
    target?.focus();
  }, [rules]);

  function move(rule: RuleDraft, index: number, by: -1 | 1) {
    onChange({ type: "moveRule", key: rule.key, by });
    focusNext.current = () => document.getElementById(ruleControlId(rule, by < 0 ? "up" : "down"));
    setAnnouncement(`Moved rule ${ruleName(rule, index + 1)} to position ${index + 1 + by} of ${rules.length}.`);
  }

  function remove(rule: RuleDraft, index: number) {
    onChange({ type: "removeRule", key: rule.key });
    focusNext.current = () => addButton.current;
    setAnnouncement(`Removed rule ${ruleName(rule, index + 1)}.`);
  }

  function add() {
    onChange({ type: "addRule" });
    // A new rule starts with a placeholder id, the first thing to change.
    focusNext.current = (next) => {
      const added = next.at(-1);
      return added ? document.getElementById(ruleControlId(added, "id")) : null;
    };
  }

  return (
    <div className="grid gap-3">
      {errors.rulesList.length > 0 && <Alert variant="destructive">{errors.rulesList.join(" ")}</Alert>}
      {rules.length === 0 && <p className="text-sm text-muted-foreground">No rules: every request is allowed.</p>}
      <ol className="grid gap-3" aria-label="Rules in order">
        {rules.map((rule, index) => (
          <li key={rule.key}>
            <RuleFields
              rule={rule}
              position={index + 1}
              count={rules.length}
              errors={errors.rules[rule.key] ?? {}}
              detectorOptions={detectorOptions}
              onChange={(patch) => onChange({ type: "editRule", key: rule.key, patch })}
              onMove={(by) => move(rule, index, by)}
              onRemove={() => remove(rule, index)}
            />
          </li>
        ))}
      </ol>
      <div>
        <Button ref={addButton} type="button" variant="outline" size="sm" onClick={add}>
          <Plus aria-hidden /> Add rule
        </Button>
      </div>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}
