import { describe, expect, it } from "vitest";
import { compileInspector, DETECTORS } from "@/lib/inspection";

const inspector = compileInspector();
const ids = (text: string) => inspector.inspect(text).map((f) => f.ruleId);

/** [rule id, true positives, false positives]. Identifiers are published test/example values, never real people. */
const CASES: Array<[string, string[], string[]]> = [
  ["pii.email", ["write to alice.smith@acme-corp.io today"], ["user@example.com", "icon@2x.png", "an @ sign alone", "@scope/package"]],
  ["pii.phone_number", ["call +44 20 7946 0958", "call (415) 555-2671 please", "+1 212 555 0100"], ["on 2024-01-15", "version 1.2.3.4", "ts 1700000000000", "order 1234567890", "12:30:45", "pi is 3.14159265"]],
  ["pii.credit_card", ["card 4111 1111 1111 1111 exp", "5555-5555-5555-4444", "378282246310005"], ["4111 1111 1111 1112", "1234 5678 9012 3456", "0000 0000 0000 0000", "4111 1111-1111 1111"]],
  ["pii.iban", ["IBAN GB82 WEST 1234 5698 7654 32", "DE89370400440532013000"], ["GB82 WEST 1234 5698 7654 33", "XX89370400440532013000"]],
  ["pii.us_ssn", ["SSN 536-22-1234"], ["078-05-1120", "123-45-6789", "000-12-3456", "666-12-3456", "900-12-3456", "536-00-1234", "536-22-0000", "2024-01-15"]],
  ["pii.ip_address", ["host 192.168.1.20 down", "addr 2001:db8::8a2e:370:7334"], ["release 1.2.3", "v1.2.3.4", "version 10.0.0.1", "1.2.3.4.5", "999.1.1.1", "at 12:30:45"]],
  ["pii.uk_nino", ["NI number AB 12 34 56 C"], ["BG123456A", "AB123456E"]],
  ["pii.es_dni_nie", ["DNI 12345678Z", "NIE X1234567L"], ["12345678A", "X1234567A"]],
  ["pii.nl_bsn", ["BSN 111222333"], ["111222334"]],
  ["pii.fr_nir", ["NIR 1 84 12 76 451 089 46"], ["1 84 12 76 451 089 47"]],
  ["pii.in_aadhaar", ["Aadhaar 2345 6789 0124"], ["2345 6789 0125", "1234 5678 9012"]],
  ["pii.br_cpf", ["CPF 529.982.247-25"], ["529.982.247-26", "111.111.111-11"]],
  ["pii.cn_resident_id", ["ID 11010519491231002X"], ["110105194912310021", "110105194913310022"]],
];

describe("pii detectors", () => {
  it("has a TP and an FP case for every built-in pii rule", () => {
    const covered = new Set(CASES.map(([id]) => id));
    expect(DETECTORS.filter((d) => d.category === "pii" && !covered.has(d.id)).map((d) => d.id)).toEqual([]);
  });

  describe.each(CASES)("%s", (ruleId, truePositives, falsePositives) => {
    it.each(truePositives.map((t) => [t]))("detects %s", (text) => expect(ids(text)).toContain(ruleId));
    it.each(falsePositives.map((t) => [t]))("ignores %s", (text) => expect(ids(text)).not.toContain(ruleId));
  });

  it("reports UTF-16 offsets even after astral characters", () => {
    const text = "😀😀 mail bob@acme.io";
    const email = inspector.inspect(text).find((f) => f.ruleId === "pii.email");
    expect(email && text.slice(email.start, email.end)).toBe("bob@acme.io");
  });

  it("reads national phone formats in the configured region", () => {
    const gb = compileInspector({ detectorIds: ["pii.phone_number"], phoneDefaultCountry: "GB" });
    expect(gb.inspect("ring 020 7946 0958").map((f) => f.ruleId)).toEqual(["pii.phone_number"]);
  });

  it("spans exactly the phone number, not the prose or parentheses around it", () => {
    const phones = compileInspector({ detectorIds: ["pii.phone_number"] });
    for (const [text, number] of [
      ["call (415) 555-2671 please", "(415) 555-2671"],
      ["(office: +44 20 7946 0958)", "+44 20 7946 0958"],
      ["numbers: 415.555.2671, then lunch", "415.555.2671"],
    ] as const) {
      const spans = phones.inspect(text).map((f) => text.slice(f.start, f.end));
      expect(spans).toEqual([number]);
    }
  });

  it("stays quiet on ordinary prose with numbers", () => {
    const prose = "In 2023 we shipped 1,234 orders across 17 regions; release 4.2.1 fixed 98 bugs on 2023-11-05 at 14:05.";
    expect(inspector.inspect(prose)).toEqual([]);
  });
});
