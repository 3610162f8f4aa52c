"use client";

import { LogOut, UserRound } from "lucide-react";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export function AccountMenu({
  user,
  signOutAction,
}: {
  user: { email: string; name: string | null };
  signOutAction: () => Promise<void>;
}) {
  // The form lives outside the menu: the menu unmounts its items as it closes on select.
  const signOutForm = useRef<HTMLFormElement>(null);
  return (
    <>
    <form ref={signOutForm} action={signOutAction} hidden />
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" aria-label="Account menu">
          <UserRound aria-hidden />
          <span className="max-w-48 truncate">{user.name ?? user.email}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel className="grid">
          <span>{user.name ?? "Signed in"}</span>
          <span className="text-xs font-normal text-muted-foreground">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => signOutForm.current?.requestSubmit()}>
          <LogOut aria-hidden />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
    </>
  );
}
