import { getDb } from "@/lib/db/client";
import { createHealthHandler } from "@/lib/health/health-check";

export const dynamic = "force-dynamic";
export const GET = createHealthHandler(getDb);
