import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError, convertToModelMessages, streamText, type UIMessage } from "ai";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { resolveOrgAccess } from "@/lib/orgs/org-access";
import { refuseCrossSiteRequest } from "@/lib/security/cross-site-requests";
import { chatCompletionsPipeline } from "./pipeline";
import type { Principal } from "./principal";
import { requestRecordHandler } from "./request-record";

export type PlaygroundMetadata = { gateway?: { requestId: string; provider: string; upstreamModel: string; decision: string; matchedRules: string } };

/**
 * The dashboard playground: the `ai` SDK drives the chat, and its OpenAI-compatible provider is
 * given a fetch that runs our own pipeline in-process with the signed-in user as principal, so a
 * playground chat passes exactly the stages an app's request does and is audited the same way.
 */
export async function playgroundChat(request: Request, orgSlug: string, userId: string | null): Promise<Response> {
  const principal = await userPrincipal(request, orgSlug, userId, "playground:use");
  if (principal instanceof Response) return principal;
  const body = (await request.json().catch(() => null)) as { messages?: UIMessage[]; model?: unknown } | null;
  if (!body || !Array.isArray(body.messages) || typeof body.model !== "string") {
    return Response.json({ error: { message: "Send messages and a model." } }, { status: 400 });
  }

  let gateway: PlaygroundMetadata["gateway"];
  const provider = createOpenAICompatible({
    name: "gateway",
    baseURL: "http://gateway.internal/v1",
    includeUsage: true,
    fetch: async (url, init) => {
      const response = await chatCompletionsPipeline(new Request(url, { ...init, signal: request.signal }), async () => principal);
      gateway = {
        requestId: response.headers.get("x-request-id") ?? "",
        provider: response.headers.get("x-gateway-provider") ?? "",
        upstreamModel: response.headers.get("x-gateway-upstream-model") ?? "",
        decision: response.headers.get("x-gateway-decision") ?? "",
        matchedRules: response.headers.get("x-gateway-matched-rules") ?? "",
      };
      return response;
    },
  });
  const result = streamText({ model: provider.chatModel(body.model), messages: await convertToModelMessages(body.messages), maxRetries: 0 });
  return result.toUIMessageStreamResponse<UIMessage<PlaygroundMetadata>>({
    messageMetadata: ({ part }) => (part.type === "finish" || part.type === "error" ? { gateway } : undefined),
    onError: (error) => (APICallError.isInstance(error) ? gatewayErrorMessage(error) : "The playground request failed."),
  });
}

/** The full decision record of one of the user's own playground requests. */
export async function playgroundRecord(request: Request, orgSlug: string, userId: string | null, requestId: string): Promise<Response> {
  const principal = await userPrincipal(request, orgSlug, userId, "playground:use");
  if (principal instanceof Response) return principal;
  return requestRecordHandler(requestId, async () => principal);
}

async function userPrincipal(request: Request, orgSlug: string, userId: string | null, permission: "playground:use"): Promise<Principal | Response> {
  if (!userId) return Response.json({ error: { message: "Sign in first." } }, { status: 401 });
  // The session cookie rides along on requests other sites make; refuse those.
  const crossSite = refuseCrossSiteRequest(request);
  if (crossSite) return crossSite;
  try {
    const ctx = await resolveOrgAccess(await getDb(), userId, orgSlug, permission);
    return { type: "user", orgId: ctx.org.id, userId };
  } catch (error) {
    if (error instanceof AppError) return Response.json({ error: { message: error.message } }, { status: error.status });
    throw error;
  }
}

function gatewayErrorMessage(error: APICallError): string {
  try {
    return (JSON.parse(error.responseBody ?? "") as { error: { message: string } }).error.message;
  } catch {
    return error.message;
  }
}
