import { chatCompletions, methodNotAllowed } from "@/lib/gateway/handlers";

export const dynamic = "force-dynamic";
export const POST = chatCompletions;
export const GET = methodNotAllowed;
