/**
 * Tool calls in flight on this instance, by API key and JSON-RPC id. The endpoint is stateless,
 * so a client's `notifications/cancelled` arrives in a separate HTTP request; it finds the call
 * here and aborts it (and with it the upstream call). A key can only cancel its own calls. A
 * cancellation that reaches another instance finds nothing there: the call then ends on its own
 * deadline, or when the client closes the connection.
 */
type CallId = string | number;

class InFlightCalls {
  private calls = new Map<string, AbortController>();

  register(keyId: string, requestId: CallId): { signal: AbortSignal; done(): void } {
    const id = `${keyId}:${typeof requestId}:${requestId}`;
    const controller = new AbortController();
    this.calls.set(id, controller);
    return {
      signal: controller.signal,
      done: () => {
        if (this.calls.get(id) === controller) this.calls.delete(id);
      },
    };
  }

  cancel(keyId: string, requestId: CallId, reason?: string): boolean {
    const controller = this.calls.get(`${keyId}:${typeof requestId}:${requestId}`);
    controller?.abort(new Error(reason ?? "Cancelled by the client."));
    return Boolean(controller);
  }

  size(): number {
    return this.calls.size;
  }
}

const globalForCalls = globalThis as unknown as { mcpInFlightCalls?: InFlightCalls };
export const inFlightCalls = (globalForCalls.mcpInFlightCalls ??= new InFlightCalls());
