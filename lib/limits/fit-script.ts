/**
 * The Lua script every limits counter in Redis runs (rate-limiter-flexible's `customIncrTtlLuaScript`),
 * replacing its stock "increment, then compare": a positive amount is added only if the total
 * stays within the limit (ARGV[3], the limiter's `points`), so a refused reservation leaves the
 * counter untouched and concurrent reservations can never add up past the limit. Negative amounts
 * (refunds) always apply. Refused amounts are reported as `current + amount` without being stored,
 * which is how the library recognises a refusal.
 *
 * ARGV: 1 amount, 2 window in seconds (set when the key is created), 3 limit, 4 default window.
 */
export const FIT_SCRIPT = `
redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local amount = tonumber(ARGV[1])
local current = tonumber(redis.call('get', KEYS[1]))
local consumed
if amount > 0 and current + amount > tonumber(ARGV[3]) then
  consumed = current + amount
else
  consumed = redis.call('incrby', KEYS[1], amount)
end
local ttl = redis.call('pttl', KEYS[1])
if ttl == -1 then
  redis.call('expire', KEYS[1], ARGV[2])
  ttl = 1000 * ARGV[2]
end
return {consumed, ttl}
`;
