import { orgSnapshot } from "./gateway-cache";
import { errorResponse, GatewayError, internalError } from "./gateway-error";
import type { Principal } from "./principal";
import { newRequestContext } from "./request-context";
import { usableRouteNames } from "@/lib/routing/usable-routes";
import { usableModels } from "./resolve-model";

/** GET /v1/models: exactly the models and route names the calling key may use, in OpenAI's list shape. */
export async function listModelsHandler(authenticate: () => Promise<Principal>): Promise<Response> {
  const ctx = newRequestContext("models");
  try {
    const principal = await authenticate();
    const snapshot = await orgSnapshot(principal.orgId);
    const data = usableModels(snapshot, principal).map((model) => ({
      id: model.publicName,
      object: "model",
      created: Math.floor(model.createdAt.getTime() / 1000),
      owned_by: snapshot.org.slug,
    }));
    for (const route of usableRouteNames(snapshot, principal)) data.push({ id: route.name, object: "model", created: 0, owned_by: snapshot.org.slug });
    return Response.json({ object: "list", data }, { headers: { "x-request-id": ctx.requestId } });
  } catch (caught) {
    const error = caught instanceof GatewayError ? caught : internalError(ctx.requestId, caught);
    return errorResponse(error, { "x-request-id": ctx.requestId });
  }
}
