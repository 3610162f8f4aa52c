import type { ReactNode } from "react";

export type ChartTable = { caption: string; columns: string[]; rows: (string | number)[][] };

/**
 * A chart with its title and a one-sentence summary (the figure's accessible name and
 * description), the same numbers as a table for screen readers, and an empty state instead of an
 * empty plot.
 */
export function ChartFigure({ id, title, summary, empty, table, children }: { id: string; title: string; summary: string; empty?: string; table: ChartTable; children: ReactNode }) {
  return (
    <figure aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} data-testid={`chart-${id}`} className="grid content-start gap-2 rounded-xl border p-4">
      <h3 id={`${id}-title`} className="font-semibold">
        {title}
      </h3>
      <figcaption id={`${id}-summary`} className="text-sm text-muted-foreground">
        {empty ?? summary}
      </figcaption>
      {empty ? (
        <div className="grid h-40 place-items-center rounded-md border border-dashed text-sm text-muted-foreground" data-testid="chart-empty">
          No data for this period.
        </div>
      ) : (
        <>
          <div aria-hidden="true">{children}</div>
          <table className="sr-only">
            <caption>{table.caption}</caption>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={String(row[0])}>
                  {row.map((cell, index) => (index === 0 ? <th key={index} scope="row">{cell}</th> : <td key={index}>{cell}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
