import Link from "next/link";

/** An id of another org's investigation lands here too: it looks exactly like one that never existed. */
export default function InvestigationNotFound() {
  return (
    <div className="grid gap-2">
      <h1 className="text-2xl font-semibold">Investigation not found</h1>
      <p className="text-sm text-muted-foreground">
        There is no investigation at this address in this org. <Link className="underline" href="../investigations">See all investigations</Link>
      </p>
    </div>
  );
}
