"use client";

import { Plus, X } from "lucide-react";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

const MAX_HEADERS = 20;

/**
 * Extra headers sent to the server (an API key header, a tenant id), one name/value row each,
 * posted as repeated `headerName` / `headerValue` fields. Values are credentials: masked, and
 * never sent back to the page. `errors` are the server's messages about any header.
 */
export function HeaderRows({ idPrefix, errors }: { idPrefix: string; errors: string[] }) {
  const [rows, setRows] = useState<number[]>([]);
  const nextId = useRef(0);
  const errorId = `${idPrefix}-headers-error`;
  return (
    <fieldset className="grid gap-2" aria-describedby={errors.length ? errorId : `${idPrefix}-headers-hint`}>
      <legend className="text-sm font-medium">Extra headers (optional)</legend>
      <p id={`${idPrefix}-headers-hint`} className="text-xs text-muted-foreground">
        Sent with every request to the server, e.g. X-Api-Key. Encrypted at rest; only names and last characters are shown later.
      </p>
      {rows.length > 0 && (
        <ol className="grid gap-2" aria-label="Extra headers">
          {rows.map((row, index) => {
            const position = index + 1;
            return (
              <li key={row} className="flex flex-wrap items-center gap-2">
                <Label htmlFor={`${idPrefix}-header-${row}-name`} className="sr-only">
                  Header {position} name
                </Label>
                <Input id={`${idPrefix}-header-${row}-name`} name="headerName" placeholder="X-Api-Key" className="min-w-0 flex-1 basis-40" autoComplete="off" aria-invalid={errors.length > 0} />
                <Label htmlFor={`${idPrefix}-header-${row}-value`} className="sr-only">
                  Header {position} value
                </Label>
                <Input id={`${idPrefix}-header-${row}-value`} name="headerValue" type="password" className="min-w-0 flex-1 basis-56" autoComplete="off" />
                <Button type="button" variant="ghost" size="icon" aria-label={`Remove header ${position}`} onClick={() => setRows((current) => current.filter((id) => id !== row))}>
                  <X />
                </Button>
              </li>
            );
          })}
        </ol>
      )}
      {errors.length > 0 && (
        <p id={errorId} role="alert" className="text-sm text-destructive">
          {errors.join(" ")}
        </p>
      )}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => setRows((current) => [...current, nextId.current++])} disabled={rows.length >= MAX_HEADERS}>
          <Plus /> Add header
        </Button>
      </div>
    </fieldset>
  );
}

/** The server's messages about headers: the record as a whole (`headers`) and each entry (`headers.<name>`). */
export function headerErrors(fieldErrors: Record<string, string[]> | undefined): string[] {
  return Object.entries(fieldErrors ?? {}).flatMap(([path, messages]) => {
    if (path === "headers") return messages;
    if (path.startsWith("headers.")) return messages.map((message) => `${path.slice("headers.".length) || "(no name)"}: ${message}`);
    return [];
  });
}
