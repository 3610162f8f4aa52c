// Runs in the browser before the dashboard becomes interactive.
import { config } from "zod/v4/core";

// Zod probes once whether it may compile validators with `new Function`. Under the dashboard's
// Content-Security-Policy (no 'unsafe-eval') the probe fails harmlessly, but the browser still
// reports it as a policy violation; jitless skips the probe and validates without compiled code.
config({ jitless: true });
