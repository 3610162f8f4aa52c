/**
 * The pipeline keeps findings on the audit row, with offsets true of the text it stores, per the
 * org's prompt storage mode; no raw matched value is stored in redacted mode or for a blocked
 * prompt. The detail page's highlighter, fed the stored row, marks exactly the findings.
 */
import { randomBytes } from "node:crypto";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promptView } from "@/lib/audit/highlight";
import { findRequestRecord } from "@/lib/audit/request-detail";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { textSegments } from "@/lib/gateway/message-text";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import type { StoredFinding } from "@/lib/gateway/stored-prompt";
import { createApiKey } from "@/lib/keys/key-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { setPromptStorage } from "@/lib/orgs/org-service";
import { createProvider } from "@/lib/providers/provider-service";
import type { ChatMessage } from "@/lib/providers/types";
import { auditRow } from "../fixtures/audit-rows";
import { startMockOpenAi, type MockOpenAi } from "../fixtures/mock-openai";
import { signedUpOwner } from "./factories";

process.env.ALLOW_PRIVATE_UPSTREAMS = "1";

let upstream: MockOpenAi;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let ctx: OrgContext;
let client: OpenAI;

const EMAIL = `ada.${randomBytes(3).toString("hex")}@lovelace-labs.io`;
const fakeGithubToken = () => `ghp_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x").slice(0, 36)}`;
function luhnValidCard(prefix = "453201511283"): string {
  let digits = prefix + String(randomBytes(2).readUInt16BE() % 1000).padStart(3, "0");
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return digits + String((10 - (sum % 10)) % 10);
}

beforeAll(async () => {
  upstream = await startMockOpenAi();
  gateway = await startGatewayServer();
  ctx = (await signedUpOwner("findings")).ctx;
  const db = await getDb();
  const provider = await createProvider(db, ctx, { name: "Mock", kind: "openai_compatible", baseUrl: upstream.url });
  await publishModel(db, ctx, { publicName: "gpt-4o-mini", providerId: provider.id, upstreamModel: "gpt-4o-mini", kind: "chat" });
  const key = (await createApiKey(db, ctx, { name: "app", scopes: ["gateway"], modelAllowlist: [] })).key;
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

async function send(mode: "none" | "redacted" | "full", content: string) {
  await setPromptStorage(await getDb(), ctx, mode);
  const { response } = await client.chat.completions
    .create({ model: "gpt-4o-mini", messages: [{ role: "system", content: "be brief" }, { role: "user", content }] })
    .withResponse()
    .catch((error: InstanceType<typeof OpenAI.APIError>) => ({ response: { headers: error.headers! } }));
  const row = await auditRow(response.headers.get("x-request-id")!);
  return { row, findings: (row.findings ?? []) as StoredFinding[] };
}

/** The stored text each input finding points at. */
function markedInPrompt(promptText: string, findings: StoredFinding[]) {
  const segments = textSegments(JSON.parse(promptText) as ChatMessage[]);
  return findings
    .filter((f) => f.direction === "input")
    .map((f) => [f.ruleId, segments.find((s) => s.message === f.message && s.part === (f.part ?? null))!.text.slice(f.start, f.end)]);
}

describe("findings on the audit row", () => {
  it("full: the prompt as sent (policy redactions applied), findings pointing at the value or its marker", async () => {
    const card = luhnValidCard();
    const { row, findings } = await send("full", `mail ${EMAIL} and charge ${card} today`);
    expect(row.decision).toBe("redact");
    expect(row.promptText).toContain(EMAIL);
    expect(row.promptText).not.toContain(card);
    expect(Object.fromEntries(markedInPrompt(row.promptText!, findings))).toEqual({ "pii.email": EMAIL, "pii.credit_card": "[REDACTED:credit_card]" });
    expect(findings.find((f) => f.ruleId === "pii.email")).toMatchObject({ category: "pii", severity: "medium", direction: "input", message: 1, part: null });
    expect(JSON.stringify(row.findings)).not.toContain(EMAIL);
  });

  it("redacted: every finding masked in prompt and answer; nothing of the value is stored", async () => {
    const card = luhnValidCard();
    const { row, findings } = await send("redacted", `mail ${EMAIL} and charge ${card} today`);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(EMAIL);
    expect(stored).not.toContain(card);
    expect(Object.fromEntries(markedInPrompt(row.promptText!, findings))).toEqual({ "pii.email": "[REDACTED:email]", "pii.credit_card": "[REDACTED:credit_card]" });
    // The mock echoes the prompt as it was sent, e-mail included: the stored answer has it masked.
    expect(row.responseText).toContain("You said: mail [REDACTED:email]");
    const output = findings.filter((f) => f.direction === "output");
    expect(output.map((f) => [f.ruleId, row.responseText!.slice(f.start, f.end)])).toEqual([["pii.email", "[REDACTED:email]"]]);
  });

  it("a blocked prompt is stored masked even under full storage", async () => {
    const token = fakeGithubToken();
    const { row, findings } = await send("full", `deploy with ${token} now`);
    expect(row).toMatchObject({ outcome: "blocked", decision: "block", matchedRules: ["block-secrets"] });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(markedInPrompt(row.promptText!, findings)).toEqual([["secret.github_pat_classic", "[REDACTED:github_pat_classic]"]]);
    expect(row.promptText).toContain("deploy with [REDACTED:github_pat_classic] now");
  });

  it("none: no text, yet the findings (rule, category, severity) are kept", async () => {
    const { row, findings } = await send("none", `mail ${EMAIL} please`);
    expect(row.promptText).toBeNull();
    expect(row.responseText).toBeNull();
    expect(findings.map((f) => [f.ruleId, f.direction])).toEqual([["pii.email", "input"]]);
  });

  it("a streamed answer is stored as the org keeps answers (masked when redacted), and not at all under none", async () => {
    const stored: Record<string, string | null> = {};
    for (const mode of ["redacted", "full", "none"] as const) {
      await setPromptStorage(await getDb(), ctx, mode);
      const { data: stream, response } = await client.chat.completions
        .create({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: `write to ${EMAIL} soon` }] })
        .withResponse();
      let answer = "";
      for await (const chunk of stream) answer += chunk.choices[0]?.delta?.content ?? "";
      expect(answer).toBe(`You said: write to ${EMAIL} soon`); // one chunk per word
      stored[mode] = (await auditRow(response.headers.get("x-request-id")!)).responseText;
    }
    expect(stored).toEqual({ redacted: "You said: write to [REDACTED:email] soon", full: `You said: write to ${EMAIL} soon`, none: null });
  });

  it("the decision record highlights the findings in the stored prompt", async () => {
    const { row } = await send("redacted", `write to ${EMAIL}`);
    const record = (await findRequestRecord(await getDb(), ctx.org.id, row.requestId))!;
    const view = promptView(record.promptText!, record.findings);
    expect(view.kind).toBe("messages");
    if (view.kind !== "messages") return;
    expect(view.messages.map((m) => m.role)).toEqual(["system", "user"]);
    const pieces = view.messages[1]!.segments[0]!.pieces;
    expect(pieces.map((p) => [p.text, p.findings?.map((f) => f.ruleId) ?? null])).toEqual([
      ["write to ", null],
      ["[REDACTED:email]", ["pii.email"]],
    ]);
  });
});
