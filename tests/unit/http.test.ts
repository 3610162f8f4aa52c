import { afterEach, describe, expect, it } from "vitest";
import { appUrl } from "@/lib/http/app-url";
import { clientIp } from "@/lib/http/client-ip";
import { safeReturnPath } from "@/lib/http/safe-return-path";

afterEach(() => {
  delete process.env.TRUST_PROXY;
  delete process.env.APP_URL;
});

describe("safeReturnPath", () => {
  it.each(["/acme", "/invite/abc?x=1", "/"])("keeps the same-site path %j", (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  it.each(["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", undefined, 42])(
    "refuses %j",
    (value) => {
      expect(safeReturnPath(value, "/home")).toBe("/home");
    },
  );
});

describe("clientIp", () => {
  const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.7" });

  it("takes the right-most hop: the one our proxy appended, or the socket address Next.js set", () => {
    expect(clientIp(headers)).toBe("10.0.0.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "::1" }))).toBe("::1");
  });

  it("uses X-Real-IP only behind a trusted proxy", () => {
    const realIpOnly = new Headers({ "x-real-ip": "198.51.100.4" });
    expect(clientIp(realIpOnly)).toBe("unknown");
    process.env.TRUST_PROXY = "true";
    expect(clientIp(realIpOnly)).toBe("198.51.100.4");
  });
});

describe("appUrl", () => {
  it("prefers APP_URL without a trailing slash", () => {
    process.env.APP_URL = "https://gateway.example.com/";
    expect(appUrl(new Headers({ host: "ignored" }))).toBe("https://gateway.example.com");
  });

  it("falls back to the request's host and protocol", () => {
    expect(appUrl(new Headers({ host: "localhost:3000" }))).toBe("http://localhost:3000");
    expect(appUrl(new Headers({ host: "gw.example.com", "x-forwarded-proto": "https" }))).toBe("https://gw.example.com");
  });
});
