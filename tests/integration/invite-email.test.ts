import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetMailer } from "@/lib/email/mailer";
import { sendInviteEmail } from "@/lib/orgs/invite-email";

// A real SMTP server on loopback receives what the app sends.
const received: { to: string[]; data: string }[] = [];
let server: SMTPServer;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString()));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.SMTP_FROM = "Gateway <gateway@test.example>";
  resetMailer();
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  resetMailer();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("invite email", () => {
  it("is sent over SMTP with the link when SMTP_URL is configured", async () => {
    const link = "http://localhost:3000/invite/abc123";
    const sent = await sendInviteEmail({ to: "new@test.example", orgName: "Acme", role: "admin", link, invitedBy: "Ada" });
    expect(sent).toBe(true);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(["new@test.example"]);
    expect(received[0]!.data).toContain(link);
    expect(received[0]!.data).toMatch(/Subject: You're invited to Acme/);
  });

  it("reports failure instead of throwing when the server is unreachable", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    resetMailer();
    const sent = await sendInviteEmail({ to: "x@test.example", orgName: "Acme", role: "member", link: "http://l/x", invitedBy: "Ada" });
    expect(sent).toBe(false);
  });
});
