import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/input";
import type { ReactNode } from "react";
import { REVIEW_STATUS_LABELS, REVIEW_STATUSES, type ReviewQueueFilter, UNASSIGNED } from "@/lib/schemas/review";
import { type MemberOption, MemberSelect } from "@/components/orgs/member-select";

/** A plain GET form: the filters live in the URL, so a filtered queue can be shared. */
export function ReviewFilters({ filter, members, rules }: { filter: ReviewQueueFilter; members: MemberOption[]; rules: string[] }) {
  const control = (id: string, label: string, select: ReactNode) => (
    <div className="grid gap-1">
      <Label htmlFor={id}>{label}</Label>
      {select}
    </div>
  );
  return (
    <form method="get" aria-label="Filter reviews" className="flex flex-wrap items-end gap-3">
      {control(
        "filter-status",
        "Status",
        <Select id="filter-status" name="status" defaultValue={filter.status}>
          {REVIEW_STATUSES.map((status) => (
            <option key={status} value={status}>
              {REVIEW_STATUS_LABELS[status]}
            </option>
          ))}
          <option value="all">All</option>
        </Select>,
      )}
      {control(
        "filter-assignee",
        "Assignee",
        <MemberSelect id="filter-assignee" name="assignee" defaultValue={filter.assignee ?? ""} members={members} none="Anyone">
          <option value={UNASSIGNED}>Nobody yet</option>
        </MemberSelect>,
      )}
      {control(
        "filter-rule",
        "Rule",
        <Select id="filter-rule" name="rule" defaultValue={filter.rule ?? ""}>
          <option value="">Any rule</option>
          {rules.map((rule) => (
            <option key={rule} value={rule}>
              {rule}
            </option>
          ))}
        </Select>,
      )}
      {control(
        "filter-order",
        "Order",
        <Select id="filter-order" name="order" defaultValue={filter.order}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </Select>,
      )}
      <Button type="submit" variant="outline">
        Apply
      </Button>
    </form>
  );
}
