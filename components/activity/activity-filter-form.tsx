import { Button, buttonVariants } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export type ActivityFilterValues = { from?: string; to?: string; actor?: string; action?: string; targetType?: string; q?: string };

const ACTION_PREFIXES = ["key.", "policy.", "provider.", "model.", "access_request.", "route.", "member.", "invite.", "org.", "audit."];
const TARGET_TYPES = ["api_key", "policy", "provider", "model", "access_request", "route", "member", "invite", "org", "audit"];

/**
 * A plain GET form: the filters live in the URL, so a filtered view can be shared or bookmarked,
 * and it works before any JavaScript has loaded.
 */
export function ActivityFilterForm({ basePath, values, actors }: { basePath: string; values: ActivityFilterValues; actors: { id: string; label: string }[] }) {
  return (
    <form method="get" action={basePath} aria-label="Filter activity" className="grid gap-3 rounded-lg border p-4 sm:grid-cols-3">
      <div className="grid gap-1">
        <Label htmlFor="activity-from">From</Label>
        <Input id="activity-from" name="from" type="date" defaultValue={values.from?.slice(0, 10)} />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="activity-to">To</Label>
        <Input id="activity-to" name="to" type="date" defaultValue={values.to?.slice(0, 10)} />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="activity-actor">Actor</Label>
        <Select id="activity-actor" name="actor" defaultValue={values.actor ?? ""}>
          <option value="">Anyone</option>
          {actors.map((actor) => (
            <option key={actor.id} value={actor.id}>
              {actor.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="activity-action">Action</Label>
        <Input id="activity-action" name="action" list="activity-action-prefixes" placeholder="e.g. key." defaultValue={values.action} />
        <datalist id="activity-action-prefixes">
          {ACTION_PREFIXES.map((prefix) => (
            <option key={prefix} value={prefix} />
          ))}
        </datalist>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="activity-target">Target</Label>
        <Select id="activity-target" name="targetType" defaultValue={values.targetType ?? ""}>
          <option value="">Any</option>
          {TARGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </Select>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="activity-q">Summary contains</Label>
        <Input id="activity-q" name="q" type="search" defaultValue={values.q} />
      </div>
      <div className="flex gap-2 sm:col-span-3">
        <Button type="submit">Filter</Button>
        <a href={basePath} className={buttonVariants({ variant: "outline" })}>
          Clear
        </a>
      </div>
    </form>
  );
}
