import fc from "fast-check";

/**
 * Building blocks of hostile input: JSON values of the wrong type, strings that break naive code,
 * JSON text that is broken, truncated or carries numbers JSON.stringify cannot write, bytes that
 * are not UTF-8, and header values a careless parser trips over.
 */

/** A token written into JSON text as it is (`1e999`, `-0`, `NaN`), which a JS value cannot carry. */
export class RawJson {
  constructor(readonly text: string) {}
  toJSON() {
    return `RawJson(${this.text})`; // how it prints in a failure report
  }
}

/** Keys that reach Object.prototype, or that code checks for with `in` or by truthiness. */
export const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "then", "length", "__defineGetter__"];

const SPECIAL_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF",
  "\uFFFE",
  "\u202E",
  "\r\n",
  "💥".repeat(8),
  "../../../etc/passwd",
  "..%2F..%2F",
  "%00",
  "%ZZ",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "${jndi:ldap://127.0.0.1/x}",
  "{{7*7}}",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "true",
  "null",
  "undefined",
  "[object Object]",
  "gw_live_",
  ...PROTOTYPE_KEYS,
];

/** Text no PostgreSQL text or json value can hold: a NUL, or half of a surrogate pair. */
export const unstorableText = fc.constantFrom("\u0000", "name\u0000", "\uD800", "x\uDC00y", "\uD83D");

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  // Long enough to matter, short enough that a body stays under the fuzzed body limit.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("x", "é", "🙂", "\u0000", "\\"), fc.integer({ min: 256, max: 12_000 })).map(([unit, times]) => unit.repeat(times)) },
);

const RAW_NUMBERS = ["1e309", "-1e309", "-0", "1e-400", "9007199254740993", "123456789012345678901234567890", "0.1e1", "1E2", "NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5"];

export const hostileNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  fc.integer(),
  fc.constantFrom(-1, 0, 1, 2 ** 31, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE, 0.5, -0.000001),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...RAW_NUMBERS).map((text) => new RawJson(text)),
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: hostileString },
);

/** An object from entries the way JSON.parse builds it: `__proto__` is an own key, not the prototype. */
export function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

export const objectWith = <T>(key: fc.Arbitrary<string>, value: fc.Arbitrary<T>, maxKeys = 5) =>
  fc.array(fc.tuple(key, value), { maxLength: maxKeys }).map(objectOf);

/** Nested arrays or objects, hundreds to thousands of levels deep: recursion in the server must hold. */
export const deeplyNested: fc.Arbitrary<RawJson> = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom("array", "object", "mixed"))
  .map(([depth, shape]) => {
    const open = shape === "array" ? "[" : shape === "object" ? '{"a":' : '[{"a":';
    const close = shape === "array" ? "]" : shape === "object" ? "}" : "}]";
    const levels = shape === "mixed" ? Math.floor(depth / 2) : depth;
    return new RawJson(`${open.repeat(levels)}1${close.repeat(levels)}`);
  });

/** Any JSON value, biased to the ones that break assumptions about a field's type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: scalar },
    { weight: 2, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
    { weight: 2, arbitrary: objectWith(hostileKey, tie("value"), 4) },
    { weight: 1, arbitrary: deeplyNested },
  ),
})).value;

type Path = (string | number)[];

/** Every place in a value's objects and arrays (to depth 6), and for each object a key it lacks. */
function placesIn(value: unknown, newKey: string, at: Path = [], places: Path[] = []): Path[] {
  if (at.length > 6 || value === null || typeof value !== "object" || value instanceof RawJson) return places;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    places.push([...at, key]);
    placesIn(item, newKey, [...at, key], places);
  }
  if (!Array.isArray(value)) places.push([...at, newKey]);
  return places;
}

/** A copy of `value` with `replacement` at `path` (undefined drops the member: toJsonText leaves it out). */
function replacedAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replacedAt(item, rest, replacement) : item));
  const entries = Object.entries(value as Record<string, unknown>);
  const replaced = entries.some(([key]) => key === head) ? entries.map(([key, item]): [string, unknown] => [key, key === head ? replacedAt(item, rest, replacement) : item]) : [...entries, [String(head), replacement] as [string, unknown]];
  return objectOf(replaced);
}

/**
 * A valid value with one hostile change: one member (at any depth) replaced by a value of another
 * type, a deeply nested one, or dropped, or one member added. Valid everywhere else, the request
 * gets past validation of everything around the change, where wholly random input rarely does.
 */
export function oneChangeIn<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  const replacement = fc.oneof(
    { weight: 6, arbitrary: hostileValue },
    { weight: 2, arbitrary: deeplyNested },
    { weight: 1, arbitrary: unstorableText },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  return fc.tuple(valid, fc.nat(), hostileKey, replacement).map(([base, pick, newKey, value]) => {
    const places = placesIn(base, newKey);
    return places.length === 0 ? base : replacedAt(base, places[pick % places.length]!, value);
  });
}

/** JSON text of a value, with RawJson tokens written as they are and every key kept as sent. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : toJsonText(item))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Text that is not JSON at all, or JSON broken in one place. */
export const invalidJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", " ", "{", "}", "[", "{]", "{'a':1}", '{"a":1,}', '{"a" 1}', '{"a":1}}', '{"a":1} trailing', "undefined", "NaN", "{a:1}", '{"a":"\\x41"}', '{"a":"\\u12"}', '{"a":"line\nbreak"}', "\uFEFF{}", "{}\u0000", "<xml/>", "a=1&b=2", "--boundary\r\n"),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 30 }),
);

/** Valid JSON cut short at a random point. */
export const truncated = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.double({ min: 0, max: 0.999, noNaN: true })).map(([whole, at]) => whole.slice(0, Math.floor(whole.length * at)));

/** Bytes that are not valid UTF-8 (lone continuation bytes, overlong forms, encoded surrogates, 0xFF), inside otherwise plausible JSON. */
export const invalidUtf8: fc.Arbitrary<{ before: string; bytes: number[]; after: string }> = fc.record({
  before: fc.constantFrom('{"model":"', '{"input":"', '{"jsonrpc":"2.0","id":1,"method":"', '{"name":"', "", '{"'),
  bytes: fc.oneof(
    fc.constantFrom([0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc3], [0xfe, 0xff]),
    fc.uint8Array({ minLength: 1, maxLength: 16 }).map((bytes) => [...bytes]),
  ),
  after: fc.constantFrom('"}', '","messages":[]}', '"', "", '":1}'),
});

// Header values Node's client will send: tab, visible ASCII, and obs-text bytes (0x80-0xFF).
const headerChar = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
  { weight: 1, arbitrary: fc.constant(0x09) },
).map((code) => String.fromCharCode(code));

export const headerValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(headerChar, { maxLength: 40 }).map((chars) => chars.join("")) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "null", "undefined", "0", "-1", "application/json", "*/*", "%00", "\xff\xfe") },
  // Under Node's 16 KiB header limit: past it Node answers 431 before any of our code runs.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("a", "\xe9", ",", ";", "="), fc.integer({ min: 500, max: 6_000 })).map(([unit, times]) => unit.repeat(times)) },
);

const TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
export const headerName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("x-forwarded-host", "x-forwarded-proto", "x-real-ip", "x-forwarded-for", "x-gateway-workload", "accept", "accept-encoding", "content-encoding", "x-request-id", "cookie", "origin", "range", "if-none-match", "mcp-session-id", "mcp-protocol-version", "last-event-id", "x-http-method-override"),
  fc.array(fc.constantFrom(...TOKEN_CHARS), { minLength: 1, maxLength: 30 }).map((chars) => chars.join("")),
);

/**
 * A few extra headers of any name and value; names the sender sets itself are left out, and so is
 * `expect` (Node answers an unknown expectation with a bare 417 before any of our code runs).
 */
export const extraHeaders: fc.Arbitrary<[string, string][]> = fc
  .array(fc.tuple(headerName, headerValue), { maxLength: 4 })
  .map((pairs) => pairs.filter(([name]) => !["host", "content-length", "transfer-encoding", "connection", "authorization", "content-type", "expect"].includes(name.toLowerCase())));

export const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 8, arbitrary: fc.constant("application/json") },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      null,
      "",
      "text/plain",
      "application/json; charset=utf-8",
      "application/json; charset=latin1",
      "application/json; charset=utf-16",
      "APPLICATION/JSON",
      "application/json, text/html",
      "application/jsonx",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/*",
      "*/*",
      ";",
      "application/json;;;",
      "application/json; boundary=\xff",
    ),
  },
  { weight: 1, arbitrary: headerValue },
);

/** Authorization headers: the real keys (as «placeholders» the sender fills in) and every way to get one wrong. */
export function authorization(validKey: string): fc.Arbitrary<string | null> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(`Bearer «${validKey}»`) },
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        null,
        "",
        "Bearer",
        "Bearer ",
        "bearer «gateway-key»",
        "BEARER   «gateway-key»",
        "Bearer «gateway-key» extra",
        "Bearer «gateway-key», Bearer «gateway-key»",
        "«gateway-key»",
        "Basic Z3c6bGl2ZQ==",
        "Token «gateway-key»",
        "Bearer «admin-key»",
        "Bearer «mcp-key»",
        "Bearer «gateway-key»",
        "Bearer «revoked-key»",
        "Bearer «expired-key»",
        "Bearer «other-org-admin-key»",
        "Bearer gw_live_00000000000000000000000000000000",
        "Bearer gw_live_0000000000000000000000000000000",
        "Bearer gw_live_000000000000000000000000000000000",
        "Bearer gw_live_../../../../../../../../../../..",
        "Bearer sk-proj-abc",
        "Bearer \xff\xfe\xfd",
        "Bearer\t«gateway-key»",
      ),
    },
    { weight: 2, arbitrary: headerValue.map((value) => `Bearer ${value}`) },
    { weight: 1, arbitrary: headerValue },
  );
}

/** How a body travels: with its length declared (the usual case) or chunked, which takes the server's streaming read. */
export const transfer = fc.constantFrom<"length" | "chunked">("length", "length", "length", "chunked");

/** Percent-encoded as UTF-8; a lone surrogate (which encodeURIComponent refuses) as U+FFFD. */
export const percentEncoded = (text: string) => encodeURIComponent(text.toWellFormed());

/** A path segment where an id goes: garbage, encodings that do not decode, traversal, huge. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("%00", "a%00b", "%ED%A0%80"),
  fc.constantFrom("..", ".", "%2e%2e", "..%2f..%2fetc", "%00", "%ZZ", "%E0%A4%A", "%FF%FE", "%C0%AF", "%25", "%", "null", "undefined", "0", "-1", "1e309", "__proto__", "constructor", "%20", "a%2Fb", "%3Cscript%3E", "'%20OR%201=1"),
  fc.string({ maxLength: 30 }).map(percentEncoded),
  fc.string({ unit: "binary", maxLength: 10 }).map(percentEncoded),
  // (Raw bytes 0x80-0xFF are left out: Node's parser refuses them on the request line with a bare 400, before any of our code runs.)
  fc.integer({ min: 200, max: 8_000 }).map((length) => "a".repeat(length)),
);

/** A query string of hostile names and values, or none. */
export const hostileQuery: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant("") },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.oneof(fc.constantFrom("limit", "cursor", "status", "format", "from", "to", "q", "sort", "__proto__"), hostileSegment), hostileSegment), { minLength: 1, maxLength: 4 })
      .map((pairs) => `?${pairs.map(([name, value]) => `${name}=${value}`).join("&")}`),
  },
);

// Only methods Node's parser knows: for any other it answers 400 itself, before any of our code runs.
export const oddMethod = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND", "PURGE", "M-SEARCH", "TRACE");
