import { DFA, JS, NFA } from "refa";
import { describe, expect, it } from "vitest";
import { compileInspector } from "@/lib/inspection";
import { builtInDetectors } from "@/lib/inspection/catalog";
import { IBAN_CANDIDATE } from "@/lib/inspection/detectors/pii/iban";
import type { Finding } from "@/lib/inspection/types";

/**
 * The inspector skips a detector on texts with fewer ASCII digits than its `minDigits`. That is
 * only safe if no match of the detector's pattern has fewer: checked here on the pattern's
 * automaton (lookarounds dropped, so the language is wider and the minimum can only be lower).
 */
function fewestDigitsInAMatch(pattern: RegExp): number {
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source: pattern.source, flags: pattern.flags.replace(/[gyd]/g, "") }).parse({ assertions: "ignore" });
  const dfa = DFA.fromFA(NFA.fromRegex(expression, { maxCharacter }));
  // 0-1 breadth-first search: a step costs a digit only when nothing but digits can take it.
  const best = new Map<DFA.Node, number>([[dfa.initial, 0]]);
  const queue: DFA.Node[] = [dfa.initial];
  while (queue.length > 0) {
    const node = queue.shift()!;
    const cost = best.get(node)!;
    for (const [range, to] of node.out.entries()) {
      const onlyDigits = range.min >= 0x30 && range.max <= 0x39;
      const next = cost + (onlyDigits ? 1 : 0);
      if (next < (best.get(to) ?? Infinity)) {
        best.set(to, next);
        if (onlyDigits) queue.push(to);
        else queue.unshift(to);
      }
    }
  }
  return Math.min(...[...dfa.finals].map((node) => best.get(node) ?? Infinity));
}

const detectors = builtInDetectors("US");
const byId = new Map(detectors.map((d) => [d.info.id, d]));

describe("detectors skipped on texts with too few digits", () => {
  const shaped = detectors.filter((d) => d.minDigits !== undefined && d.matchShape);
  it.each(shaped.map((d) => [d.info.id, d] as const))("%s: minDigits is the fewest digits any match of its pattern has", (_id, detector) => {
    expect(detector.minDigits).toBe(fewestDigitsInAMatch(detector.matchShape!));
  });

  it("pii.iban: its check digits", () => {
    expect(byId.get("pii.iban")!.minDigits).toBe(fewestDigitsInAMatch(IBAN_CANDIDATE));
  });

  it("pii.phone_number: candidates with fewer digits than its minimum are never parsed", () => {
    const phone = byId.get("pii.phone_number")!;
    expect(phone.minDigits).toBe(7);
    expect(phone.scan("call +1 415 555 0132 today").length).toBe(1); // 11 digits: found
    expect(phone.scan("room 12-34-56 on the left")).toEqual([]); // 6 digits: never a phone
  });

  it("every detector that is not gated by keywords declares a digit minimum, but the ones that can match without digits", () => {
    const ungated = detectors.filter((d) => d.keywords.length === 0 && d.minDigits === undefined).map((d) => d.info.id);
    expect(ungated.sort()).toEqual(["injection.encoded_instructions", "pii.ip_address"]); // IPv6 ("fe80::abcd") and base64 need no digit
  });

  // The gate changes nothing found: every detector run on every text, against the inspector.
  const texts = [
    "card 4111 1111 1111 1111 and ssn 536-22-1234",
    "IBAN GB82 WEST 1234 5698 7654 32 please",
    "NINO AB 12 34 56 C, DNI 12345678Z, NIE X1234567L, BSN 111222333",
    "NIR 1 84 12 76 451 089 46, Aadhaar 2345 6789 0124, CPF 529.982.247-25, 11010519491231002X",
    "call +1 415 555 0132 or 4155550132 from 10.0.0.1 and fe80::1",
    "only twelve digits 4111 1111 1111 and a date 2026-11-25",
    "prose without any number at all, fe80::abcd:ef01 aside",
  ];
  it("the texts below give every digit-gated detector something to find", () => {
    const found = new Set(texts.flatMap((text) => detectors.flatMap((d) => d.scan(text))).map((f) => f.ruleId));
    for (const detector of detectors) if (detector.minDigits !== undefined) expect(found, detector.info.id).toContain(detector.info.id);
  });

  it.each(texts)("finds what running every detector finds: %s", (text) => {
    const everyDetector: Finding[] = detectors.flatMap((d) => d.scan(text));
    const key = (f: Finding) => `${f.ruleId}@${f.start}-${f.end}`;
    const found = compileInspector().inspect(text).map(key);
    for (const finding of everyDetector) if (finding.ruleId !== "secret.generic_assignment") expect(found).toContain(key(finding));
  });
});
