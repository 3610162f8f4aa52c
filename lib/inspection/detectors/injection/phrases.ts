import type { Detector } from "../../detector";
import { phraseRule } from "./phrase-rule";

const PREVIOUS = String.raw`(?:all\s+|any\s+|the\s+|your\s+|of\s+)*(?:previous|prior|above|preceding|earlier|original|system|initial)`;

export const INSTRUCTION_OVERRIDE_DETECTOR: Detector = phraseRule({
  id: "injection.instruction_override",
  description: "Heuristic: attempts to cancel earlier instructions (ignore/disregard/forget previous instructions)",
  keywords: ["ignore", "disregard", "forget", "override", "bypass"],
  phrases: [
    { pattern: new RegExp(String.raw`\b(?:ignore|disregard|forget|override|bypass|skip)\s+${PREVIOUS}\s+(?:instructions?|prompts?|rules|directions|guidelines|messages|context)\b`, "gi"), weight: 0.85 },
    { pattern: /\bforget\s+(?:everything|all)\s+(?:you(?:'ve| have)?\s+(?:been\s+told|learned)|(?:above|before|so far))\b/gi, weight: 0.8 },
    { pattern: /\b(?:ignore|disregard)\s+(?:everything|all)\s+(?:above|before|said)\b/gi, weight: 0.75 },
    { pattern: /\bdo\s+not\s+follow\s+(?:the|your|any)\s+(?:previous|prior|above|system)\s+(?:instructions?|rules)\b/gi, weight: 0.8 },
  ],
});

export const ROLE_HIJACK_DETECTOR: Detector = phraseRule({
  id: "injection.role_hijack",
  description: "Heuristic: attempts to replace the assistant's role (you are now…, act as DAN, developer mode, injected system: lines)",
  keywords: ["you are now", "dan", "developer mode", "system:", "jailbreak", "pretend", "act as", "[system]", "<|im_start|>"],
  phrases: [
    { pattern: /\byou\s+are\s+now\s+(?:an?\s+)?(?:unrestricted|unfiltered|jailbroken|evil|dan|free|no\s+longer)\b/gi, weight: 0.85 },
    { pattern: /\byou\s+are\s+now\s+(?:an?\s+)?[a-z]+/gi, weight: 0.5 },
    { pattern: /\b(?:act|behave|respond)\s+as\s+(?:an?\s+)?(?:DAN|unrestricted|unfiltered|jailbroken)\b/gi, weight: 0.85 },
    { pattern: /\bDAN\s+(?:mode|prompt)|\bdo\s+anything\s+now\b/gi, weight: 0.8 },
    { pattern: /\b(?:enable|enter|activate|switch\s+to)\s+(?:the\s+)?developer\s+mode\b|\bdeveloper\s+mode\s+(?:enabled|on|activated)\b/gi, weight: 0.8 },
    { pattern: /(?:^|\n)\s*(?:system|\[system\]|<\|im_start\|>system)\s*:?\s*(?=\S)/gi, weight: 0.6 },
    { pattern: /\bpretend\s+(?:that\s+)?you\s+(?:have\s+no|are\s+not\s+bound|don't\s+have)\s+(?:restrictions|rules|guidelines|limits)/gi, weight: 0.8 },
  ],
});

export const SYSTEM_PROMPT_EXFILTRATION_DETECTOR: Detector = phraseRule({
  id: "injection.system_prompt_exfiltration",
  description: "Heuristic: requests to reveal the system prompt or hidden instructions",
  keywords: ["prompt", "instructions", "above"],
  phrases: [
    { pattern: /\b(?:reveal|show|print|repeat|output|display|tell\s+me|give\s+me|leak|dump|what\s+(?:is|are))\s+(?:me\s+)?(?:your|the)\s+(?:full\s+|entire\s+|exact\s+|original\s+|hidden\s+|initial\s+)*(?:system\s+prompt|system\s+message|hidden\s+instructions|initial\s+instructions|instructions\s+above)\b/gi, weight: 0.8 },
    { pattern: /\brepeat\s+(?:everything|all\s+the\s+text|the\s+words)\s+above\b/gi, weight: 0.75 },
  ],
});
