import { nationalIdRule } from "./national-id-rule";

const LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

/** Spain: DNI = 8 digits + letter (number mod 23); NIE = X/Y/Z (→0/1/2) + 7 digits + letter. */
export const ES_DNI_NIE_DETECTOR = nationalIdRule({
  id: "pii.es_dni_nie",
  description: "Spanish DNI / NIE with control letter",
  pattern: /(?<![A-Za-z0-9])(?:[XYZxyz][\-\s]?\d{7}|\d{8})[\-\s]?[A-Za-z](?![A-Za-z0-9])/g,
  minDigits: 7,
  maxMatchLength: 12,
  validate(compact) {
    const numeric = compact.replace(/^[XYZ]/, (c) => String("XYZ".indexOf(c)));
    const number = Number(numeric.slice(0, 8));
    return /^\d{8}[A-Z]$/.test(numeric) && LETTERS[number % 23] === numeric[8];
  },
});
