import { listModels } from "@/lib/gateway/handlers";

export const dynamic = "force-dynamic";
export const GET = listModels;
