import { echoAdapter } from "./echo";
import { openAiCompatibleAdapter } from "./openai-compatible";
import type { ProviderAdapter, ProviderKind } from "./types";

/** The adapter for each kind of provider. Anthropic and Gemini load lazily: most orgs use neither. */
export async function adapterFor(kind: ProviderKind): Promise<ProviderAdapter> {
  switch (kind) {
    case "openai":
    case "azure_openai":
    case "openai_compatible":
      return openAiCompatibleAdapter;
    case "echo":
      return echoAdapter;
    case "anthropic":
      return (await import("./anthropic")).anthropicAdapter;
    case "gemini":
      return (await import("./gemini")).geminiAdapter;
  }
}
