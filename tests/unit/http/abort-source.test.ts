import { describe, expect, it } from "vitest";
import { AbortSource } from "@/lib/http/abort-source";
import { abortAfter, childController } from "@/lib/http/deadline";

describe("AbortSource", () => {
  it("runs each listener once, in the order added, and keeps the first reason", () => {
    const source = new AbortSource();
    const heard: string[] = [];
    const first = () => heard.push(`first:${String(source.reason)}`);
    const removed = () => heard.push("removed");
    source.addEventListener("abort", first);
    source.addEventListener("abort", first); // as with an AbortSignal, the same listener counts once
    source.addEventListener("abort", removed);
    source.addEventListener("abort", () => heard.push("second"), { once: true });
    source.removeEventListener("abort", removed);
    expect(source.aborted).toBe(false);
    source.abort("gone");
    source.abort("again");
    expect(heard).toEqual(["first:gone", "second"]);
    expect(source).toMatchObject({ aborted: true, reason: "gone" });
    source.addEventListener("abort", () => heard.push("late")); // an aborted source fires no more
    expect(heard).toHaveLength(2);
  });

  it("aborts with an AbortError by default and is its own signal", () => {
    const source = new AbortSource();
    source.abort();
    expect(source.signal).toBe(source);
    expect(source.reason).toBeInstanceOf(DOMException);
    expect((source.reason as DOMException).name).toBe("AbortError");
  });
});

describe("childController", () => {
  it("aborts with its parent's reason, whether the parent is an AbortSource or an AbortSignal", () => {
    const parentSource = new AbortSource();
    const fromSource = childController(parentSource);
    const parentController = new AbortController();
    const fromSignal = childController(parentController.signal);
    parentSource.abort("source left");
    parentController.abort("signal left");
    expect(fromSource).toMatchObject({ aborted: true, reason: "source left" });
    expect(fromSignal).toMatchObject({ aborted: true, reason: "signal left" });
    expect(childController(parentSource)).toMatchObject({ aborted: true, reason: "source left" }); // an aborted parent: at once
  });

  it("aborts on its own without touching its parent, and abortAfter times it out", async () => {
    const parent = new AbortSource();
    const child = childController(parent);
    child.abort("mine");
    expect(parent.aborted).toBe(false);
    const timed = childController(parent);
    abortAfter(timed, 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((timed.reason as DOMException).name).toBe("TimeoutError");
    const cleared = childController(parent);
    abortAfter(cleared, 5)();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(cleared.aborted).toBe(false);
  });
});
