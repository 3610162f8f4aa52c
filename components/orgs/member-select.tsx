import type { ComponentProps } from "react";
import { Select } from "@/components/ui/input";

/** A member of the org as the pickers show them: user id and display name. */
export type MemberOption = { id: string; name: string };

/**
 * A select of the org's members, after an empty choice labelled `none` ("Nobody", "Anyone"…).
 * `children` are extra choices placed between the empty one and the members.
 */
export function MemberSelect({ members, none, children, ...props }: ComponentProps<"select"> & { members: MemberOption[]; none: string }) {
  return (
    <Select {...props}>
      <option value="">{none}</option>
      {children}
      {members.map((member) => (
        <option key={member.id} value={member.id}>
          {member.name}
        </option>
      ))}
    </Select>
  );
}
