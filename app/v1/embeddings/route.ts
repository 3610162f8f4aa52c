import { embeddings, methodNotAllowed } from "@/lib/gateway/handlers";

export const dynamic = "force-dynamic";
export const POST = embeddings;
export const GET = methodNotAllowed;
