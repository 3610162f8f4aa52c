"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import type { FormAction } from "@/lib/schemas/form";
import { KeyLimitsFields } from "./key-limits-fields";

type EditableKey = { id: string; name: string; tags: string[]; requestsPerMinute: number | null; tokensPerMinute: number | null };

/** Changes a key's tags and limits in place; every gateway instance applies them from the next request. */
export function EditKeyDialog({ orgSlug, apiKey, action }: { orgSlug: string; apiKey: EditableKey; action: FormAction }) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline">
          Edit
        </Button>
      </DialogTrigger>
      <DialogContent title={`Edit ${apiKey.name}`} description="Tags and limits apply from the key's next request. Counts already made this minute are kept.">
        <ActionForm action={action} hidden={{ orgSlug, apiKeyId: apiKey.id }} successMessage="Saved." label={`Edit ${apiKey.name}`}>
          {(state, pending) => (
            <div className="grid gap-4">
              <KeyLimitsFields idPrefix={`edit-${apiKey.id}`} state={state} initial={apiKey} />
              <div className="flex justify-end gap-2">
                <DialogClose asChild>
                  <Button type="button" variant="ghost">
                    Close
                  </Button>
                </DialogClose>
                <Button type="submit" disabled={pending}>
                  {pending ? "Saving…" : "Save"}
                </Button>
              </div>
            </div>
          )}
        </ActionForm>
      </DialogContent>
    </Dialog>
  );
}
