import { currentUser } from "@/lib/auth/session";
import { playgroundChat } from "@/lib/gateway/playground";

export const dynamic = "force-dynamic";
export async function POST(request: Request, { params }: { params: Promise<{ org: string }> }) {
  return playgroundChat(request, (await params).org, (await currentUser())?.id ?? null);
}
