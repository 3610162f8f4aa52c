import { exportForMember } from "@/lib/audit/export-handler";
import { currentUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";
export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  return exportForMember(request, org, (await currentUser())?.id ?? null);
}
