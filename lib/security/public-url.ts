type Env = Record<string, string | undefined>;

/**
 * Whether browsers reach the dashboard over https, judged by the configured public URL (APP_URL,
 * else AUTH_URL). Behind a TLS-terminating load balancer the request that reaches us is plain
 * http, so the request itself cannot tell; the public URL the operator configured can.
 */
export function servedOverHttps(env: Env = process.env): boolean {
  const publicUrl = env.APP_URL?.trim() || env.AUTH_URL?.trim();
  return publicUrl ? publicUrl.toLowerCase().startsWith("https://") : false;
}
