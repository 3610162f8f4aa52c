/** A discussion (review comments, investigation notes): author, time, text, oldest first. */
export function ThreadList({ label, entries, empty }: { label: string; entries: { id: string; author: string; at: string; body: string }[]; empty: string }) {
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">{empty}</p>;
  return (
    <ol aria-label={label} className="grid gap-2">
      {entries.map((entry) => (
        <li key={entry.id} className="rounded-md border bg-muted/30 px-3 py-2 text-sm">
          <div className="text-xs text-muted-foreground">
            <span className="font-medium text-foreground">{entry.author}</span> · <time>{entry.at}</time>
          </div>
          <p className="whitespace-pre-wrap">{entry.body}</p>
        </li>
      ))}
    </ol>
  );
}
