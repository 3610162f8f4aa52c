"use client";

import { Plus } from "lucide-react";
import { type Dispatch, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CustomDetectorFields, detectorControlId } from "./custom-detector-fields";
import type { PlacedErrors } from "./draft-errors";
import type { DetectorDraft, DraftChange } from "./policy-draft";

/** The org's own detectors. Their order does not matter, so they can only be added and removed. */
export function CustomDetectorListEditor({
  detectors,
  errors,
  onChange,
}: {
  detectors: DetectorDraft[];
  errors: Pick<PlacedErrors, "detectors" | "detectorsList">;
  onChange: Dispatch<DraftChange>;
}) {
  const focusNext = useRef<((detectors: DetectorDraft[]) => HTMLElement | null) | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const target = focusNext.current?.(detectors);
    focusNext.current = null;
    target?.focus();
  }, [detectors]);

  return (
    <div className="grid gap-3">
      {errors.detectorsList.length > 0 && <Alert variant="destructive">{errors.detectorsList.join(" ")}</Alert>}
      {detectors.length === 0 && <p className="text-sm text-muted-foreground">No custom detectors.</p>}
      {detectors.map((detector, index) => (
        <CustomDetectorFields
          key={detector.key}
          detector={detector}
          position={index + 1}
          errors={errors.detectors[detector.key] ?? {}}
          onChange={(patch) => onChange({ type: "editDetector", key: detector.key, patch })}
          onRemove={() => {
            onChange({ type: "removeDetector", key: detector.key });
            focusNext.current = () => addButton.current;
          }}
        />
      ))}
      <div>
        <Button
          ref={addButton}
          type="button"
          variant="outline"
          size="sm"
          onClick={() => {
            onChange({ type: "addDetector" });
            focusNext.current = (next) => {
              const added = next.at(-1);
              return added ? document.getElementById(detectorControlId(added, "id")) : null;
            };
          }}
        >
          <Plus aria-hidden /> Add custom detector
        </Button>
      </div>
    </div>
  );
}
