"use client";

/**
 * A set of checkboxes for picking several of a fixed list, with a legend and the group's error
 * message wired up like a Field's. The picked values keep the list's order.
 */
export function CheckboxGroup<Option extends string>({
  id,
  legend,
  options,
  value,
  onChange,
  errors,
}: {
  id: string;
  legend: string;
  options: readonly Option[];
  value: readonly Option[];
  onChange: (value: Option[]) => void;
  errors?: string[];
}) {
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <fieldset id={id} className="grid gap-2" aria-describedby={errorId}>
      <legend className="mb-2 text-sm font-medium leading-none">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {options.map((option) => (
          <label key={option} className="flex items-center gap-2 font-mono text-xs">
            <input
              type="checkbox"
              checked={value.includes(option)}
              aria-invalid={Boolean(errorId)}
              onChange={(event) => onChange(options.filter((candidate) => (candidate === option ? event.target.checked : value.includes(candidate))))}
            />
            {option}
          </label>
        ))}
      </div>
      {errorId && (
        <p id={errorId} role="alert" className="text-sm text-destructive">
          {errors!.join(" ")}
        </p>
      )}
    </fieldset>
  );
}
