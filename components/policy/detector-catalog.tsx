"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DetectorInfo } from "@/lib/inspection/types";

/** The built-in detectors a rule can name, filterable by category. */
export function DetectorCatalog({ detectors }: { detectors: DetectorInfo[] }) {
  const [category, setCategory] = useState("all");
  const categories = [...new Set(detectors.map((detector) => detector.category))];
  const shown = category === "all" ? detectors : detectors.filter((detector) => detector.category === category);
  return (
    <div className="grid gap-4">
      <div className="w-56">
        <Field id="detector-category" label="Category">
          {(control) => (
            <Select {...control} value={category} onChange={(event) => setCategory(event.target.value)}>
              <option value="all">All ({detectors.length})</option>
              {categories.map((name) => (
                <option key={name} value={name}>
                  {name} ({detectors.filter((detector) => detector.category === name).length})
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Table aria-label="Detectors">
        <TableHeader>
          <TableRow>
            <TableHead>Detector</TableHead>
            <TableHead>Category</TableHead>
            <TableHead>Severity</TableHead>
            <TableHead>Description</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((detector) => (
            <TableRow key={detector.id}>
              <TableCell className="font-mono text-xs">{detector.id}</TableCell>
              <TableCell className="text-xs">{detector.category}</TableCell>
              <TableCell className="text-xs">{detector.severity}</TableCell>
              <TableCell className="text-xs">{detector.description}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
