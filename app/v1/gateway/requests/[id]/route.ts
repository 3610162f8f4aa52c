import { requestRecord } from "@/lib/gateway/handlers";

export const dynamic = "force-dynamic";
export const GET = async (request: Request, { params }: { params: Promise<{ id: string }> }) => requestRecord(request, (await params).id);
