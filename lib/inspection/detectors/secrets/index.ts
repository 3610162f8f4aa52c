import type { Detector } from "../../detector";
import { AI_PROVIDER_RULES } from "./ai-providers";
import { CLOUD_PROVIDER_RULES } from "./cloud-providers";
import { DATABASE_URL_DETECTOR } from "./database-url";
import { GENERIC_ASSIGNMENT_DETECTOR } from "./generic-assignment";
import { JWT_DETECTOR } from "./jwt";
import { MESSAGING_RULES } from "./messaging";
import { secretPatternRule } from "./pattern-rule";
import { PAYMENT_RULES } from "./payments";
import { PRIVATE_KEY_DETECTORS } from "./private-keys";
import { SOURCE_CONTROL_RULES } from "./source-control";

export const SECRET_DETECTORS: Detector[] = [
  ...[...CLOUD_PROVIDER_RULES, ...SOURCE_CONTROL_RULES, ...AI_PROVIDER_RULES, ...PAYMENT_RULES, ...MESSAGING_RULES].map(secretPatternRule),
  ...PRIVATE_KEY_DETECTORS,
  DATABASE_URL_DETECTOR,
  JWT_DETECTOR,
  GENERIC_ASSIGNMENT_DETECTOR,
];
