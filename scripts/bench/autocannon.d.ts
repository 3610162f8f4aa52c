// The part of autocannon's API the bench uses. Its own types (@types/autocannon) describe the
// call without a callback as a plain Promise, but it returns the running instance, an event
// emitter that is also awaitable, which is how load.ts reads each response as it arrives.
declare module "autocannon" {
  type Options = {
    url: string;
    method?: "GET" | "POST";
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    timeout?: number;
  };
  type Result = {
    duration: number;
    errors: number;
    non2xx: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
  };
  type Instance = PromiseLike<Result> & {
    on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): Instance;
  };
  export default function autocannon(options: Options): Instance;
}
