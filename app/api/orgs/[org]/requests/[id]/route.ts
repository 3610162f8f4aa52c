import { currentUser } from "@/lib/auth/session";
import { playgroundRecord } from "@/lib/gateway/playground";

export const dynamic = "force-dynamic";
export async function GET(request: Request, { params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  return playgroundRecord(request, org, (await currentUser())?.id ?? null, id);
}
