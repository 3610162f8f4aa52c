import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { listOrgsForUser } from "@/lib/orgs/org-service";

// The front door: signed-in people go to their first org, everyone else to sign-in.
export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const [firstOrg] = await listOrgsForUser(await getDb(), user.id);
  redirect(firstOrg ? `/${firstOrg.slug}` : "/orgs/new");
}
