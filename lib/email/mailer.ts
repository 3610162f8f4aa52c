import type { Transporter } from "nodemailer";

/**
 * Sends mail through SMTP_URL (e.g. smtp://user:pass@smtp.example.com:587). Without it, mail is
 * simply not sent and callers show the link in the UI instead; nothing else depends on email.
 */
let transporter: Promise<Transporter> | undefined;

export function mailConfigured(): boolean {
  return Boolean(process.env.SMTP_URL);
}

async function getTransporter(): Promise<Transporter> {
  transporter ??= import("nodemailer").then((nodemailer) => nodemailer.createTransport(process.env.SMTP_URL));
  return transporter;
}

export async function sendMail(message: { to: string; subject: string; text: string }): Promise<boolean> {
  if (!mailConfigured()) return false;
  const from = process.env.SMTP_FROM ?? "LLM Gateway <no-reply@localhost>";
  await (await getTransporter()).sendMail({ from, ...message });
  return true;
}

/** For tests that point SMTP_URL somewhere new. */
export function resetMailer(): void {
  transporter = undefined;
}
