import { savePolicyInputSchema } from "@/lib/policy/policy-input-schema";
import { fieldErrorsOf } from "@/lib/schemas/form";
import { customRulesFromDraft, type DetectorField, type PolicyDraft, type RuleField, rulesFromDraft } from "./policy-draft";

/**
 * Error messages keyed by paths like "rules.1.id" (from zod, here or on the server), and where they
 * belong in the form editor.
 */
export type FieldErrors = Record<string, string[]>;
export type FieldMessages<Field extends string> = Partial<Record<Field, string[]>>;

export type PlacedErrors = {
  /** By the draft's stable key, so a message stays with its rule when rules move. */
  rules: Record<string, FieldMessages<RuleField>>;
  detectors: Record<string, FieldMessages<DetectorField>>;
  /** About a whole list (too many rules) or about no one field of it. */
  rulesList: string[];
  detectorsList: string[];
  message: string[];
  /** What no field on screen owns (e.g. a rule removed since), each with its path. */
  unplaced: string[];
};

const draftInputSchema = savePolicyInputSchema.omit({ baseVersion: true });

/** The draft checked with the schema the server applies; null when it passes. */
export function validateDraft(draft: PolicyDraft, message: string): FieldErrors | null {
  const parsed = draftInputSchema.safeParse({ rules: rulesFromDraft(draft), customRules: customRulesFromDraft(draft), message });
  return parsed.success ? null : fieldErrorsOf(parsed.error);
}

const RULE_FIELDS = new Set<string>(["id", "description", "enabled", "mode"]);
const WHEN_FIELDS = new Set<string>(["directions", "categories", "detectors", "minSeverity", "models", "keyIds", "keyTags"]);
const DETECTOR_FIELDS = new Set<string>(["id", "kind", "keywords", "pattern", "severity", "caseSensitive"]);

/** The form field a rule's schema path (after "rules.<n>.") is about. */
function ruleFieldOf(path: readonly string[]): RuleField | null {
  const [head, next] = path;
  if (head && RULE_FIELDS.has(head)) return head as RuleField;
  if (head === "when" && next && WHEN_FIELDS.has(next)) return next as RuleField;
  if (head === "action") return next === "model" ? "routeModel" : "action";
  return null;
}

function detectorFieldOf(path: readonly string[]): DetectorField | null {
  const [head] = path;
  return head && DETECTOR_FIELDS.has(head) ? (head as DetectorField) : null;
}

const emptyPlacedErrors = (): PlacedErrors => ({ rules: {}, detectors: {}, rulesList: [], detectorsList: [], message: [], unplaced: [] });

/**
 * Places each message on its field. `keys` are the draft keys of the rules and detectors in the
 * order they were checked or submitted (the indexes in the paths are into that order); without
 * them no message can be tied to a rule, and indexed paths are left unplaced.
 */
export function placeErrors(fieldErrors: FieldErrors | undefined, keys: { rules: readonly string[]; detectors: readonly string[] } | null): PlacedErrors {
  const placed = emptyPlacedErrors();
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const [section, index, ...rest] = path.split(".");
    if (path === "message") {
      placed.message.push(...messages);
      continue;
    }
    if (section === "rules" || section === "customRules") {
      const isRules = section === "rules";
      if (index === undefined) {
        (isRules ? placed.rulesList : placed.detectorsList).push(...messages);
        continue;
      }
      const key = (isRules ? keys?.rules : keys?.detectors)?.[Number(index)];
      const field = isRules ? ruleFieldOf(rest) : detectorFieldOf(rest);
      if (key !== undefined && field) {
        const target = (isRules ? placed.rules : placed.detectors) as Record<string, Record<string, string[]>>;
        const fields = (target[key] ??= {});
        (fields[field] ??= []).push(...messages);
        continue;
      }
    }
    placed.unplaced.push(...messages.map((message) => (path === "form" ? message : `${path}: ${message}`)));
  }
  return placed;
}

function mergeMessages<Field extends string>(a: Record<string, FieldMessages<Field>>, b: Record<string, FieldMessages<Field>>) {
  const merged: Record<string, FieldMessages<Field>> = { ...a };
  for (const [key, fields] of Object.entries(b)) {
    const into: FieldMessages<Field> = { ...merged[key] };
    for (const [field, messages] of Object.entries(fields) as [Field, string[]][]) into[field] = unique([...(into[field] ?? []), ...messages]);
    merged[key] = into;
  }
  return merged;
}

const unique = (messages: string[]) => [...new Set(messages)];

/** Both sets of messages; one the client and the server both found is shown once. */
export function mergePlacedErrors(a: PlacedErrors, b: PlacedErrors): PlacedErrors {
  return {
    rules: mergeMessages(a.rules, b.rules),
    detectors: mergeMessages(a.detectors, b.detectors),
    rulesList: unique([...a.rulesList, ...b.rulesList]),
    detectorsList: unique([...a.detectorsList, ...b.detectorsList]),
    message: unique([...a.message, ...b.message]),
    unplaced: unique([...a.unplaced, ...b.unplaced]),
  };
}

/** Messages of one JSON field and everything under it ("rules.1.id: …"), for the JSON editor. */
export function errorsUnder(fieldErrors: FieldErrors | undefined, field: string): string[] | undefined {
  if (!fieldErrors) return undefined;
  const messages = Object.entries(fieldErrors)
    .filter(([path]) => path === field || path.startsWith(`${field}.`))
    .flatMap(([path, list]) => list.map((message) => (path === field ? message : `${path}: ${message}`)));
  return messages.length ? messages : undefined;
}
