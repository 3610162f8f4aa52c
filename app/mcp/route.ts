import { handleMcpRequest } from "@/lib/mcp/mcp-endpoint";

// The SDK's transport and the upstream client need Node's APIs; every request is live.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = handleMcpRequest;
export const GET = handleMcpRequest;
export const DELETE = handleMcpRequest;
