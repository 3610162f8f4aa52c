"use client";

import { ArrowDown, ArrowUp, Plus, X } from "lucide-react";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { TargetDraft } from "./route-draft";
import type { TargetOption } from "./types";

const MAX_TARGETS = 20;

type Row = TargetDraft & { id: number };

/**
 * The ordered targets editor: one row per target (a model or route select and a weight), posted
 * as repeated `targetModel` / `targetWeight` fields in row order. Rows can be added, removed and
 * moved. Inputs are uncontrolled, so a moved row keeps what was typed in it; the form remounts
 * this editor from the server's echo after each save attempt. A row's errors are given by its
 * index at that attempt, which is also its id, so they stay with the row when it moves.
 */
export function TargetRows({
  initial,
  options,
  errors,
  rowErrors,
}: {
  initial: TargetDraft[];
  options: TargetOption[];
  errors: string[];
  rowErrors: Record<number, { model?: string[]; weight?: string[] }>;
}) {
  const [rows, setRows] = useState<Row[]>(() => initial.map((target, index) => ({ ...target, id: index })));
  const nextId = useRef(initial.length);
  const known = new Set(options.map((option) => option.value));

  const move = (from: number, to: number) =>
    setRows((current) => {
      const next = [...current];
      const [row] = next.splice(from, 1);
      next.splice(to, 0, row!);
      return next;
    });
  const add = () => setRows((current) => [...current, { id: nextId.current++, model: "", weight: "1" }]);
  const remove = (id: number) => setRows((current) => current.filter((row) => row.id !== id));

  return (
    <fieldset className="grid gap-3" aria-describedby={errors.length ? "route-targets-error" : "route-targets-hint"}>
      <legend className="text-sm font-medium">Targets</legend>
      <p id="route-targets-hint" className="text-xs text-muted-foreground">
        In order: the fallback order, and the tie-break order. The weight is a target&apos;s share of traffic for the weighted strategy; 0 keeps it as
        a fallback only. A route listed here is an alias: its own targets are tried in its place.
      </p>
      <ol className="grid gap-2" aria-label="Targets">
        {rows.map((row, index) => {
          const position = index + 1;
          const problems = rowErrors[row.id];
          const errorId = problems ? `route-target-${row.id}-error` : undefined;
          return (
            <li key={row.id} className="grid gap-1" data-testid={`target-row-${position}`}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="w-6 text-right text-sm text-muted-foreground" aria-hidden>
                  {position}.
                </span>
                <Label htmlFor={`route-target-${row.id}-model`} className="sr-only">
                  Target {position} model
                </Label>
                <Select
                  id={`route-target-${row.id}-model`}
                  name="targetModel"
                  defaultValue={row.model}
                  className="min-w-0 flex-1 basis-60"
                  aria-invalid={Boolean(problems?.model)}
                  aria-describedby={errorId}
                >
                  <option value="">Choose a model or route…</option>
                  {row.model !== "" && !known.has(row.model) && <option value={row.model}>{row.model} (no longer exists)</option>}
                  <optgroup label="Catalog models">
                    {options.filter((option) => option.group === "model").map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </optgroup>
                  {options.some((option) => option.group === "route") && (
                    <optgroup label="Routes (aliases)">
                      {options.filter((option) => option.group === "route").map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.label}
                        </option>
                      ))}
                    </optgroup>
                  )}
                </Select>
                <Label htmlFor={`route-target-${row.id}-weight`} className="sr-only">
                  Target {position} weight
                </Label>
                <Input
                  id={`route-target-${row.id}-weight`}
                  name="targetWeight"
                  type="number"
                  min={0}
                  step="any"
                  inputMode="decimal"
                  defaultValue={row.weight}
                  className="w-24"
                  title="Weight"
                  aria-invalid={Boolean(problems?.weight)}
                  aria-describedby={errorId}
                />
                <Button type="button" variant="ghost" size="icon" aria-label={`Move target ${position} up`} disabled={index === 0} onClick={() => move(index, index - 1)}>
                  <ArrowUp />
                </Button>
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  aria-label={`Move target ${position} down`}
                  disabled={index === rows.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  <ArrowDown />
                </Button>
                <Button type="button" variant="ghost" size="icon" aria-label={`Remove target ${position}`} disabled={rows.length === 1} onClick={() => remove(row.id)}>
                  <X />
                </Button>
              </div>
              {problems && (
                <p id={errorId} role="alert" className="pl-8 text-sm text-destructive">
                  {[...(problems.model ?? []), ...(problems.weight ?? []).map((message) => `Weight: ${message}`)].join(" ")}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {errors.length > 0 && (
        <p id="route-targets-error" role="alert" className="text-sm text-destructive">
          {errors.join(" ")}
        </p>
      )}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={add} disabled={rows.length >= MAX_TARGETS}>
          <Plus /> Add target
        </Button>
      </div>
    </fieldset>
  );
}
