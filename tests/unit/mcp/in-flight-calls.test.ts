/**
 * lib/mcp/in-flight-calls.ts: a client's notifications/cancelled (a separate HTTP request) finds
 * the call by API key and JSON-RPC id and aborts it; a key can only cancel its own calls.
 */
import { afterEach, describe, expect, it } from "vitest";
import { inFlightCalls } from "@/lib/mcp/in-flight-calls";

const registered: { done(): void }[] = [];
function register(keyId: string, requestId: string | number) {
  const call = inFlightCalls.register(keyId, requestId);
  registered.push(call);
  return call;
}

afterEach(() => {
  for (const call of registered.splice(0)) call.done();
  expect(inFlightCalls.size()).toBe(0);
});

describe("inFlightCalls", () => {
  it("aborts the registered call with the client's reason", () => {
    const call = register("key_1", 7);
    expect(call.signal.aborted).toBe(false);
    expect(inFlightCalls.cancel("key_1", 7, "User pressed stop")).toBe(true);
    expect(call.signal.aborted).toBe(true);
    expect(call.signal.reason).toBeInstanceOf(Error);
    expect((call.signal.reason as Error).message).toBe("User pressed stop");
  });

  it("gives a default reason when the client sends none", () => {
    const call = register("key_1", "req-1");
    inFlightCalls.cancel("key_1", "req-1");
    expect((call.signal.reason as Error).message).toBe("Cancelled by the client.");
  });

  it("does not let another key cancel the call", () => {
    const call = register("key_1", 1);
    expect(inFlightCalls.cancel("key_2", 1)).toBe(false);
    expect(call.signal.aborted).toBe(false);
  });

  it("tells the number 1 from the string '1', as JSON-RPC does", () => {
    const numeric = register("key_1", 1);
    const text = register("key_1", "1");
    expect(inFlightCalls.size()).toBe(2);
    expect(inFlightCalls.cancel("key_1", "1")).toBe(true);
    expect(text.signal.aborted).toBe(true);
    expect(numeric.signal.aborted).toBe(false);
  });

  it("only touches the one call cancelled", () => {
    const one = register("key_1", 1);
    const two = register("key_1", 2);
    inFlightCalls.cancel("key_1", 2);
    expect(one.signal.aborted).toBe(false);
    expect(two.signal.aborted).toBe(true);
  });

  it("forgets a call once done: a late cancellation finds nothing", () => {
    const call = register("key_1", 3);
    expect(inFlightCalls.size()).toBe(1);
    call.done();
    expect(inFlightCalls.size()).toBe(0);
    expect(inFlightCalls.cancel("key_1", 3)).toBe(false);
    expect(call.signal.aborted).toBe(false);
    call.done(); // twice is harmless
    expect(inFlightCalls.size()).toBe(0);
  });

  it("reports unknown calls as not found", () => {
    expect(inFlightCalls.cancel("key_1", 404)).toBe(false);
  });

  it("keeps a newer call with a reused id when the older one finishes", () => {
    const older = register("key_1", 5);
    const newer = register("key_1", 5);
    older.done();
    expect(inFlightCalls.size()).toBe(1);
    expect(inFlightCalls.cancel("key_1", 5)).toBe(true);
    expect(newer.signal.aborted).toBe(true);
  });

  it("is one registry per process, shared through globalThis", async () => {
    const again = await import("@/lib/mcp/in-flight-calls");
    expect(again.inFlightCalls).toBe(inFlightCalls);
    expect((globalThis as { mcpInFlightCalls?: unknown }).mcpInFlightCalls).toBe(inFlightCalls);
  });
});
