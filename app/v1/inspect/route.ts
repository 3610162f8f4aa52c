import { inspect, methodNotAllowed } from "@/lib/gateway/handlers";

export const dynamic = "force-dynamic";
export const POST = inspect;
export const GET = methodNotAllowed;
