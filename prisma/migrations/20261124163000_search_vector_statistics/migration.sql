-- Full-text search orders by time, so the planner chooses between walking the (orgId, createdAt)
-- index and filtering (fast for common words) and the GIN index (fast for rare ones) from its
-- per-lexeme statistics. With the default target, a word missing from the sampled lexeme list can
-- be estimated as common, and the index walk then reads most of an org's rows (seen at ~1 s with
-- 1M rows in `npm run bench:audit`). A larger sample keeps rare words rare in the estimates.
ALTER TABLE "GatewayRequest" ALTER COLUMN "searchVector" SET STATISTICS 1000;
