import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { formatCount } from "@/lib/billing/billing-format";
import type { BillingBanner as Banner } from "@/lib/billing/billing-usage";
import { utcDay } from "@/lib/format/time";

/**
 * The billing banner above every page of the org: a failed payment's grace period, a paid plan
 * that lapsed, or a monthly quota nearly or fully used. Those who can see billing get the link.
 */
export function BillingBanner({ banner, billingHref }: { banner: Banner; billingHref: string | null }) {
  const link = billingHref ? (
    <>
      {" "}
      <Link className="font-medium underline" href={billingHref}>
        {banner.kind === "grace" ? "Update the payment method" : "See plans and usage"}
      </Link>
      .
    </>
  ) : (
    " Ask an org owner to look at billing."
  );
  switch (banner.kind) {
    case "grace":
      return (
        <Alert variant="destructive" data-testid="billing-banner">
          A payment for the {banner.planLabel} plan failed. The plan stays in force until {utcDay(banner.graceEndsAt)}; after that the free plan&apos;s limits
          apply.{link}
        </Alert>
      );
    case "lapsed":
      return (
        <Alert variant="warning" data-testid="billing-banner">
          The {banner.lapsedFromLabel} plan is no longer paid for, so the {banner.planLabel} plan&apos;s limits apply.{link}
        </Alert>
      );
    case "reached":
      return (
        <Alert variant="destructive" data-testid="billing-banner">
          This org has used all {formatCount(banner.line.limit!)} {unitOf(banner.line.key)} of its {banner.planLabel} plan this month: the gateway answers
          429 until {utcDay(banner.resetsAt)}.{link}
        </Alert>
      );
    case "near":
      return (
        <Alert variant="warning" data-testid="billing-banner">
          This org has used {formatCount(banner.line.used)} of the {formatCount(banner.line.limit!)} {unitOf(banner.line.key)} its {banner.planLabel} plan allows
          this month ({Math.floor((banner.line.used / banner.line.limit!) * 100)}%).{link}
        </Alert>
      );
  }
}

const unitOf = (key: string) => (key === "tokens" ? "tokens" : "requests");
