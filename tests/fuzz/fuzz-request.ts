import fc from "fast-check";
import { authorization, contentType, extraHeaders, headerValue, hostileValue, invalidJsonText, invalidUtf8, toJsonText, truncated } from "./hostile-values";

export type Surface = "v1" | "mcp" | "management";

/**
 * One hostile request, as plain data so a failure prints it (after shrinking) and a seed replays it.
 * `«name»` in the path, headers or body stands for a real key or id of the test's world, filled in
 * when it is sent.
 */
export type FuzzRequest = {
  surface: Surface;
  /** The route as the product names it (`POST /v1/chat/completions`), for grouping failures. */
  route: string;
  method: string;
  /** The request target exactly as sent: not normalised, not re-encoded. */
  path: string;
  headers: [string, string][];
  body: FuzzBody;
  transfer: "length" | "chunked";
};

export type FuzzBody =
  | { kind: "none" }
  | { kind: "text"; text: string }
  /** Bytes that are not UTF-8 between two pieces of text. */
  | { kind: "bytes"; before: string; bytes: number[]; after: string }
  /** `prefix` + filler + `suffix`, `size` bytes in all: valid JSON around the body limit, built when sent. */
  | { kind: "padded"; prefix: string; suffix: string; size: number };

/** Body limits the test sets (before the server modules load) so that oversized bodies stay cheap. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** The body as sent, with «placeholders» filled in by `resolve`. */
export function bodyBytes(body: FuzzBody, resolve: (text: string) => string = (text) => text): Buffer | null {
  switch (body.kind) {
    case "none":
      return null;
    case "text":
      return Buffer.from(resolve(body.text), "utf8");
    case "bytes":
      return Buffer.concat([Buffer.from(resolve(body.before), "utf8"), Buffer.from(body.bytes), Buffer.from(resolve(body.after), "utf8")]);
    case "padded": {
      const frame = Buffer.byteLength(body.prefix) + Buffer.byteLength(body.suffix);
      return Buffer.from(`${body.prefix}${"x".repeat(Math.max(0, body.size - frame))}${body.suffix}`, "utf8");
    }
  }
}

const text = (value: string): FuzzBody => ({ kind: "text", text: value });

/**
 * Bodies for a JSON endpoint: mostly the endpoint's own type-confused shapes (`shaped`), plus
 * invalid JSON, truncated JSON, wrong top-level types, bytes that are not UTF-8, and bodies just
 * under, at and over the body limit.
 */
export function jsonBodies(shaped: fc.Arbitrary<unknown>, padded: { prefix: string; suffix: string }): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    { weight: 12, arbitrary: shaped.map((value) => text(toJsonText(value))) },
    { weight: 2, arbitrary: invalidJsonText.map(text) },
    { weight: 2, arbitrary: truncated(shaped.map(toJsonText)).map(text) },
    { weight: 2, arbitrary: fc.oneof(fc.array(hostileValue, { maxLength: 3 }), fc.string({ maxLength: 20 }), fc.double(), fc.constantFrom(null, true, 0)).map((value) => text(toJsonText(value))) },
    { weight: 1, arbitrary: invalidUtf8.map((parts): FuzzBody => ({ kind: "bytes", ...parts })) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(fc.integer({ min: BODY_LIMIT_BYTES - 2, max: BODY_LIMIT_BYTES + 2 }), fc.integer({ min: BODY_LIMIT_BYTES + 1, max: BODY_LIMIT_BYTES * 3 }))
        .map((size): FuzzBody => ({ kind: "padded", ...padded, size })),
    },
    { weight: 1, arbitrary: fc.constant<FuzzBody>({ kind: "none" }) },
  );
}

/**
 * Header list: authorization (a real key most of the time), content type, the surface's own,
 * a few hostile extras, and now and then one of them sent twice with another value (as two
 * header lines: the server sees both).
 */
export function headersFor(validKey: string, fixed: fc.Arbitrary<[string, string][]> = fc.constant([])): fc.Arbitrary<[string, string][]> {
  const repeat = fc.oneof(
    { weight: 9, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.oneof(headerValue, fc.constantFrom("Bearer «admin-key»", "text/plain", "application/json"))) },
  );
  return fc.tuple(authorization(validKey), contentType, fixed, extraHeaders, repeat).map(([auth, type, always, extras, twice]) => {
    const headers: [string, string][] = [
      ...(auth === null ? [] : ([["authorization", auth]] as [string, string][])),
      ...(type === null ? [] : ([["content-type", type]] as [string, string][])),
      ...always,
      ...extras,
    ];
    if (twice && headers.length > 0) headers.push([headers[twice[0] % headers.length]![0], twice[1]]);
    return headers;
  });
}
