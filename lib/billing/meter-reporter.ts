import Stripe from "stripe";
import type { Db } from "@/lib/db/client";
import { MCP_CALL_ENDPOINT } from "@/lib/mcp/tool-call-record";
import type { BillingConfig } from "./billing-config";
import { stripeClient } from "./stripe-client";

/** A claimed report that never finished (the process died mid-send) is sent again after this. */
const STALE_PENDING_MS = 10 * 60_000;

export type MeterRun = { sent: number; failed: number; requests: number; tokens: number };

type Report = { id: string; orgId: string; requests: number; tokens: number; customer: string; createdAt: Date };

/**
 * Sends the usage of every subscribed org to Stripe's billing meters, in batches: each run counts
 * the org's audit rows written since its last report (by their place in the org's audit chain,
 * so no row is counted twice or missed, whatever the clocks say) into one UsageReport, then sends
 * one meter event per meter. A report is claimed in the database before it is sent, so two
 * instances never send the same rows; one Stripe refused is sent again on the next run, with the
 * same identifiers, which Stripe de-duplicates.
 *
 * Billable, as the quota counts them: model requests a provider served (tool calls and refused
 * or blocked requests are not), and every token a provider reported.
 */
export async function reportUsage(db: Db, config: BillingConfig, now = new Date()): Promise<MeterRun> {
  const run: MeterRun = { sent: 0, failed: 0, requests: 0, tokens: 0 };
  const retries = await db.usageReport.findMany({
    where: { OR: [{ status: "failed" }, { status: "pending", createdAt: { lt: new Date(now.getTime() - STALE_PENDING_MS) } }] },
    select: { id: true, orgId: true, requests: true, tokens: true, createdAt: true, org: { select: { stripeCustomerId: true } } },
    orderBy: { createdAt: "asc" },
  });
  for (const report of retries) {
    if (report.org.stripeCustomerId) await send(db, config, { ...report, customer: report.org.stripeCustomerId }, run);
  }
  const orgs = await db.org.findMany({ where: { stripeSubscriptionId: { not: null }, stripeCustomerId: { not: null } }, select: { id: true, stripeCustomerId: true } });
  for (const org of orgs) {
    const report = await claimNewUsage(db, org.id);
    if (report) await send(db, config, { ...report, customer: org.stripeCustomerId! }, run);
  }
  return run;
}

/** Counts the org's rows after its last report into a new pending report, or null when there are none. */
async function claimNewUsage(db: Db, orgId: string): Promise<Omit<Report, "customer"> | null> {
  const last = await db.usageReport.findFirst({ where: { orgId }, orderBy: { toSeq: "desc" }, select: { toSeq: true } });
  const fromSeq = last?.toSeq ?? 0;
  const newest = await db.gatewayRequest.aggregate({ where: { orgId, chainSeq: { gt: fromSeq } }, _max: { chainSeq: true } });
  const toSeq = newest._max.chainSeq;
  if (toSeq === null) return null;
  // Counted within fixed bounds: rows written meanwhile fall after toSeq, into the next report.
  const range = { orgId, chainSeq: { gt: fromSeq, lte: toSeq } };
  const [requests, tokens] = await Promise.all([
    db.gatewayRequest.count({ where: { ...range, endpoint: { not: MCP_CALL_ENDPOINT }, outcome: { in: ["ok", "incomplete"] } } }),
    db.gatewayRequest.aggregate({ where: range, _sum: { totalTokens: true } }).then((sum) => sum._sum.totalTokens ?? 0),
  ]);
  const { count } = await db.usageReport.createMany({ data: [{ orgId, fromSeq, toSeq, requests, tokens, status: "pending" }], skipDuplicates: true });
  if (count === 0) return null; // another instance claimed this range first
  return db.usageReport.findUniqueOrThrow({ where: { orgId_fromSeq: { orgId, fromSeq } }, select: { id: true, orgId: true, requests: true, tokens: true, createdAt: true } });
}

async function send(db: Db, config: BillingConfig, report: Report, run: MeterRun): Promise<void> {
  const stripe = stripeClient(config);
  // The report's own time, so a retry days later still lands in the period the usage happened in.
  const timestamp = Math.floor(report.createdAt.getTime() / 1000);
  const events: Stripe.Billing.MeterEventCreateParams[] = [];
  if (report.requests > 0) events.push({ event_name: config.meters.requests, identifier: `${report.id}-requests`, timestamp, payload: { stripe_customer_id: report.customer, value: String(report.requests) } });
  if (report.tokens > 0) events.push({ event_name: config.meters.tokens, identifier: `${report.id}-tokens`, timestamp, payload: { stripe_customer_id: report.customer, value: String(report.tokens) } });
  try {
    for (const event of events) await sendOnce(stripe, event);
    await db.usageReport.update({ where: { id: report.id }, data: { status: "sent", sentAt: new Date(), error: null } });
    run.sent++;
    run.requests += report.requests;
    run.tokens += report.tokens;
  } catch (error) {
    const message = (error as Error).message.slice(0, 500);
    console.error(`[billing] usage report ${report.id} of org ${report.orgId} not accepted by Stripe (retried next run): ${message}`);
    await db.usageReport.update({ where: { id: report.id }, data: { status: "failed", error: message } });
    run.failed++;
  }
}

/**
 * Sends one meter event. Stripe refuses an identifier it has already accepted; for a report sent
 * again (its first try failed after this event was accepted, or its answer was lost) that refusal
 * means the event is already counted.
 */
async function sendOnce(stripe: Stripe, event: Stripe.Billing.MeterEventCreateParams): Promise<void> {
  try {
    await stripe.billing.meterEvents.create(event);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && /already exists with identifier/i.test(error.message)) return;
    throw error;
  }
}
