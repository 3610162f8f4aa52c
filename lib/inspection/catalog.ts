import type { Detector } from "./detector";
import { INJECTION_DETECTORS } from "./detectors/injection";
import { piiDetectors } from "./detectors/pii";
import { SECRET_DETECTORS } from "./detectors/secrets";

export const DEFAULT_PHONE_COUNTRY = "US";

export function builtInDetectors(phoneDefaultCountry: string = DEFAULT_PHONE_COUNTRY): Detector[] {
  return [...SECRET_DETECTORS, ...piiDetectors(phoneDefaultCountry), ...INJECTION_DETECTORS];
}
