import { B, E, type SecretPatternSpec } from "./pattern-rule";

const r = String.raw;

/** LLM and ML API providers: the keys most likely to be pasted into a prompt sent through this gateway. */
export const AI_PROVIDER_RULES: SecretPatternSpec[] = [
  { id: "secret.openai_api_key", description: "OpenAI legacy user key (sk- with the T3BlbkFJ marker)", severity: "critical", keywords: ["t3blbkfj"], pattern: r`${B}sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}${E}`, maxMatchLength: 51 },
  { id: "secret.openai_project_key", description: "OpenAI project key (sk-proj-)", severity: "critical", keywords: ["sk-proj-"], pattern: r`${B}sk-proj-[A-Za-z0-9_\-]{40,200}${E}`, minEntropy: 4, maxMatchLength: 208 },
  { id: "secret.openai_service_account_key", description: "OpenAI service account key (sk-svcacct-)", severity: "critical", keywords: ["sk-svcacct-"], pattern: r`${B}sk-svcacct-[A-Za-z0-9_\-]{40,200}${E}`, minEntropy: 4, maxMatchLength: 211 },
  { id: "secret.openai_admin_key", description: "OpenAI admin key (sk-admin-)", severity: "critical", keywords: ["sk-admin-"], pattern: r`${B}sk-admin-[A-Za-z0-9_\-]{40,200}${E}`, minEntropy: 4, maxMatchLength: 209 },
  { id: "secret.anthropic_api_key", description: "Anthropic API key (sk-ant-api03-)", severity: "critical", keywords: ["sk-ant-api"], pattern: r`${B}sk-ant-api\d{2}-[A-Za-z0-9_\-]{80,120}${E}`, maxMatchLength: 133 },
  { id: "secret.anthropic_admin_key", description: "Anthropic admin key (sk-ant-admin01-)", severity: "critical", keywords: ["sk-ant-admin"], pattern: r`${B}sk-ant-admin\d{2}-[A-Za-z0-9_\-]{80,120}${E}`, maxMatchLength: 135 },
  { id: "secret.huggingface_token", description: "Hugging Face access token (hf_)", severity: "high", keywords: ["hf_"], pattern: r`${B}hf_[A-Za-z0-9]{34}${E}`, minEntropy: 3.5, maxMatchLength: 37 },
  { id: "secret.replicate_api_token", description: "Replicate API token (r8_)", severity: "high", keywords: ["r8_"], pattern: r`${B}r8_[A-Za-z0-9]{37}${E}`, maxMatchLength: 40 },
  { id: "secret.groq_api_key", description: "Groq API key (gsk_)", severity: "high", keywords: ["gsk_"], pattern: r`${B}gsk_[A-Za-z0-9]{52}${E}`, maxMatchLength: 56 },
  { id: "secret.perplexity_api_key", description: "Perplexity API key (pplx-)", severity: "high", keywords: ["pplx-"], pattern: r`${B}pplx-[A-Za-z0-9]{48}${E}`, maxMatchLength: 53 },
  { id: "secret.xai_api_key", description: "xAI API key (xai-)", severity: "high", keywords: ["xai-"], pattern: r`${B}xai-[A-Za-z0-9]{70,90}${E}`, maxMatchLength: 94 },
  { id: "secret.elevenlabs_api_key", description: "ElevenLabs API key (sk_ + 48 hex)", severity: "high", keywords: ["sk_"], pattern: r`${B}sk_[a-f0-9]{48}${E}`, maxMatchLength: 51 },
  { id: "secret.deepseek_api_key", description: "DeepSeek API key (sk- + 32 hex) next to the name deepseek", severity: "high", keywords: ["deepseek"], pattern: r`${B}sk-[a-f0-9]{32}${E}`, evidence: { pattern: "deepseek", window: 80 }, maxMatchLength: 35, confidence: 0.85 },
  { id: "secret.mistral_api_key", description: "Mistral API key (32 chars) next to the name mistral", severity: "high", keywords: ["mistral"], pattern: r`${B}[A-Za-z0-9]{32}${E}`, evidence: { pattern: r`mistral[_\-\s]?(?:api)?[_\-\s]?key`, window: 40 }, minEntropy: 4, maxMatchLength: 32, confidence: 0.7 },
  { id: "secret.cohere_api_key", description: "Cohere API key (40 chars) next to the name cohere", severity: "high", keywords: ["cohere", "co_api_key"], pattern: r`${B}[A-Za-z0-9]{40}${E}`, evidence: { pattern: r`cohere[_\-\s]?(?:api)?[_\-\s]?key|co_api_key`, window: 40 }, minEntropy: 4, maxMatchLength: 40, confidence: 0.7 },
  { id: "secret.together_api_key", description: "Together AI API key (64 hex) next to the name together", severity: "high", keywords: ["together"], pattern: r`${B}(?:tgp_v1_)?[a-f0-9]{64}${E}`, evidence: { pattern: r`together[_\-\s]?(?:ai)?[_\-\s]?(?:api)?[_\-\s]?key`, window: 40 }, maxMatchLength: 71, confidence: 0.7 },
];
