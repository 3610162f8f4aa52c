/** The parts of Google's Gemini API (v1beta generateContent and friends) the adapter reads or writes. */

export type GeminiPart = {
  text?: string;
  /** Marks a thought summary (includeThoughts): reasoning, not answer text. */
  thought?: boolean;
  /** Opaque reasoning state Gemini 3 requires back on function calls in later turns. */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: { name: string; args?: Record<string, unknown>; id?: string };
  functionResponse?: { name: string; response: Record<string, unknown> };
};

export type GeminiContent = { role: "user" | "model"; parts: GeminiPart[] };

export type GeminiRequest = {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: { functionDeclarations: { name: string; description?: string; parameters?: Record<string, unknown> }[] }[];
  toolConfig?: { functionCallingConfig: { mode: "AUTO" | "ANY" | "NONE"; allowedFunctionNames?: string[] } };
  generationConfig?: {
    temperature?: number;
    topP?: number;
    maxOutputTokens?: number;
    stopSequences?: string[];
    candidateCount?: number;
    presencePenalty?: number;
    frequencyPenalty?: number;
    seed?: number;
    responseMimeType?: string;
    responseSchema?: Record<string, unknown>;
  };
};

export type GeminiCandidate = {
  /** Absent when the candidate was blocked before producing anything. */
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: string;
  index?: number;
};

export type GeminiUsageMetadata = {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  cachedContentTokenCount?: number;
};

export type GeminiResponse = {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  /** Only in a stream, where an error after the 200 status arrives as an event. */
  error?: { code?: number; message?: string; status?: string };
};

export type GeminiEmbedRequest = {
  requests: { model: string; content: { parts: { text: string }[] }; outputDimensionality?: number }[];
};

export type GeminiEmbedResponse = { embeddings?: { values?: number[] }[] };
