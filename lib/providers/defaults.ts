import type { ProviderKind } from "./types";

/** Public endpoints used when a provider is added without a base URL. */
export const DEFAULT_BASE_URLS: Partial<Record<ProviderKind, string>> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
  gemini: "https://generativelanguage.googleapis.com",
};

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  openai: "OpenAI",
  azure_openai: "Azure OpenAI",
  openai_compatible: "OpenAI-compatible (Ollama, vLLM, LM Studio, Groq, Mistral, Together…)",
  anthropic: "Anthropic",
  gemini: "Google Gemini",
  echo: "Echo (test provider: repeats the prompt, calls no model)",
};
