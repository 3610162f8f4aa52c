"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport, type UIMessage } from "ai";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { PlaygroundMetadata } from "@/lib/gateway/playground";
import { DecisionRecord } from "./decision-record";

type PlaygroundMessage = UIMessage<PlaygroundMetadata>;

export function PlaygroundChat({ orgSlug, models }: { orgSlug: string; models: string[] }) {
  const [model, setModel] = useState(models[0]!);
  const [input, setInput] = useState("");
  const transport = useMemo(() => new DefaultChatTransport<PlaygroundMessage>({ api: `/api/orgs/${orgSlug}/playground` }), [orgSlug]);
  const { messages, sendMessage, status, error } = useChat<PlaygroundMessage>({ transport });
  const busy = status === "submitted" || status === "streaming";
  const lastRecord = [...messages].reverse().find((message) => message.metadata?.gateway)?.metadata?.gateway;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <Card>
        <CardContent className="grid gap-4 pt-6">
          <div className="grid max-w-xs gap-2">
            <Label htmlFor="playground-model">Model</Label>
            <Select id="playground-model" value={model} onChange={(event) => setModel(event.target.value)}>
              {models.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </Select>
          </div>
          <ol aria-label="Conversation" className="grid min-h-40 gap-3">
            {messages.map((message) => (
              <li key={message.id} className={message.role === "user" ? "justify-self-end rounded-lg bg-primary px-3 py-2 text-primary-foreground" : "rounded-lg bg-muted px-3 py-2"}>
                <span className="sr-only">{message.role === "user" ? "You:" : "Assistant:"}</span>
                {message.parts.map((part, index) => (part.type === "text" ? <span key={index} className="whitespace-pre-wrap">{part.text}</span> : null))}
              </li>
            ))}
          </ol>
          {error && <Alert variant="destructive">{error.message}</Alert>}
          <form
            className="flex gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (!input.trim() || busy) return;
              void sendMessage({ text: input }, { body: { model } });
              setInput("");
            }}
          >
            <Input aria-label="Message" value={input} onChange={(event) => setInput(event.target.value)} placeholder="Ask something…" />
            <Button type="submit" disabled={busy}>
              {busy ? "Sending…" : "Send"}
            </Button>
          </form>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Decision record</CardTitle>
        </CardHeader>
        <CardContent>
          {lastRecord ? <DecisionRecord orgSlug={orgSlug} summary={lastRecord} /> : <p className="text-sm text-muted-foreground">Send a message to see how the gateway handled it.</p>}
        </CardContent>
      </Card>
    </div>
  );
}
