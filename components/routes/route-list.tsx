"use client";

import Link from "next/link";
import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { FormAction } from "@/lib/schemas/form";
import type { RouteSummary } from "./types";

/** "Any request", or each condition the route has, in words. */
function conditions(route: RouteSummary): string[] {
  const parts: string[] = [];
  if (route.workloads.length > 0) parts.push(`Workloads: ${route.workloads.join(", ")}`);
  if (route.keyTags.length > 0) parts.push(`Key tags: ${route.keyTags.join(", ")}`);
  const { minPromptChars: min, maxPromptChars: max } = route;
  if (min !== null && max !== null) parts.push(`Prompt: ${min}–${max} characters`);
  else if (min !== null) parts.push(`Prompt: at least ${min} characters`);
  else if (max !== null) parts.push(`Prompt: at most ${max} characters`);
  return parts.length > 0 ? parts : ["Any request"];
}

function groupByName(routes: RouteSummary[]): [string, RouteSummary[]][] {
  const groups = new Map<string, RouteSummary[]>();
  for (const route of routes) groups.set(route.name, [...(groups.get(route.name) ?? []), route]);
  return [...groups].map(([name, group]) => [name, group.sort((a, b) => a.priority - b.priority)]);
}

/** The org's routes, one table per name with its routes in priority order (the order they are considered in). */
export function RouteList({ orgSlug, routes, canWrite, deleteAction }: { orgSlug: string; routes: RouteSummary[]; canWrite: boolean; deleteAction: FormAction }) {
  const groups = groupByName(routes);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Routes ({routes.length})</CardTitle>
        <CardDescription>For each name, the first route whose conditions hold serves; with none, the catalog model of that name does.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {groups.length === 0 && (
          <p className="text-sm text-muted-foreground">No routes yet. Every model name goes straight to the catalog model of that name, with no fallback.</p>
        )}
        {groups.map(([name, group]) => (
          <section key={name} aria-label={`Routes named ${name}`} className="grid gap-2">
            <h3 className="font-mono font-semibold">{name}</h3>
            {/* Fixed columns, so the tables of all names line up. */}
            <Table className="table-fixed">
              <TableHeader>
                <TableRow>
                  <TableHead className="w-20">Priority</TableHead>
                  <TableHead className="w-40">Strategy</TableHead>
                  <TableHead className="w-56">Conditions</TableHead>
                  <TableHead>Targets</TableHead>
                  {canWrite && <TableHead className="w-44 text-right">Actions</TableHead>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {group.map((route) => (
                  <TableRow key={route.id} data-testid={`route-${route.name}-${route.priority}`} className="align-top">
                    <TableCell className="align-top font-mono">{route.priority}</TableCell>
                    <TableCell className="align-top">
                      <Badge variant="outline">{route.strategy}</Badge>
                      {route.strategy === "latency" && route.latencyTargetMs !== null && (
                        <div className="mt-1 text-xs text-muted-foreground">target ≤ {route.latencyTargetMs} ms</div>
                      )}
                      {route.description && <p className="mt-1 max-w-48 text-xs text-muted-foreground">{route.description}</p>}
                    </TableCell>
                    <TableCell className="align-top text-xs break-words">
                      <ul className="grid gap-0.5">
                        {conditions(route).map((condition) => (
                          <li key={condition}>{condition}</li>
                        ))}
                      </ul>
                    </TableCell>
                    <TableCell className="align-top break-words">
                      <ol className="grid gap-0.5 text-xs" aria-label={`Targets of ${route.name}, priority ${route.priority}`}>
                        {route.targets.map((target, index) => (
                          <li key={target.model}>
                            {index + 1}. <span className="font-mono">{target.model}</span>
                            <span className="text-muted-foreground"> · weight {target.weight}</span>
                          </li>
                        ))}
                      </ol>
                      {route.problems.length > 0 && (
                        <Alert variant="warning" className="mt-2 px-3 py-2 text-xs">
                          {route.problems.map((problem) => (
                            <p key={problem}>{problem}</p>
                          ))}
                        </Alert>
                      )}
                    </TableCell>
                    {canWrite && (
                      <TableCell className="align-top text-right">
                        <div className="flex flex-col items-end gap-2">
                          <Button asChild size="sm" variant="outline">
                            <Link href={`/${orgSlug}/routes/${route.id}`} aria-label={`Edit ${route.name} (priority ${route.priority})`}>
                              Edit
                            </Link>
                          </Button>
                          <ActionForm action={deleteAction} hidden={{ orgSlug, routeId: route.id }} label={`Delete ${route.name} (priority ${route.priority})`} className="grid justify-items-end text-left">
                            {(_state, pending) => (
                              <ConfirmSubmit
                                confirm={`Delete the route ${route.name} (priority ${route.priority})? Requests for ${route.name} then go to its next route, or to the catalog model of that name.`}
                                size="sm"
                                variant="ghost"
                                disabled={pending}
                              >
                                Delete
                              </ConfirmSubmit>
                            )}
                          </ActionForm>
                        </div>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </section>
        ))}
      </CardContent>
    </Card>
  );
}
