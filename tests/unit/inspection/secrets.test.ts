import { describe, expect, it } from "vitest";
import { compileInspector, DETECTORS } from "@/lib/inspection";
import { ALNUM, b64url, HEX, rnd, UPPER_BASE32 } from "./fixtures";

const inspector = compileInspector();
const ids = (text: string) => inspector.inspect(text).map((f) => f.ruleId);
const B64 = ALNUM + "+/";
const URLSAFE = ALNUM + "_-";
const BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";

/** [rule id, true-positive texts, false-positive texts (must not produce that rule)] */
const CASES: Array<[string, string[], string[]]> = [
  ["secret.aws_access_key_id", ["id=" + "AKIA" + rnd(16, UPPER_BASE32), "ASIA" + rnd(16, UPPER_BASE32)], ["AKIA" + "IOSFODNN7" + "EXAMPLE", "AKIA" + "SHORT1"]],
  ["secret.aws_secret_access_key", ["aws_secret_access_key = " + rnd(40, B64)], ["aws_secret_access_key = " + "x".repeat(40), rnd(40, B64)]],
  ["secret.gcp_service_account_key", [`{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${rnd(80, B64)}\\n-----END PRIVATE KEY-----\\n"}`], [`{"type": "authorized_user", "private_key": "-----BEGIN PRIVATE KEY-----\\n${rnd(80, B64)}"}`]],
  ["secret.google_api_key", ["AIza" + rnd(35, URLSAFE)], ["AIza" + "xxxx" + "..."]],
  ["secret.google_oauth_client_secret", ["GOCSPX-" + rnd(28, URLSAFE)], ["GOCSPX-" + "<client secret>"]],
  ["secret.google_oauth_access_token", ["Bearer ya29." + rnd(60, URLSAFE)], ["ya29." + "short"]],
  ["secret.azure_storage_account_key", ["DefaultEndpointsProtocol=https;AccountName=a;AccountKey=" + rnd(86, B64) + "==;"], ["AccountKey=" + "<key>"]],
  ["secret.azure_sas_token", ["https://a.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=" + rnd(44, ALNUM) + "%3D"], ["https://x?sig=" + rnd(44, ALNUM)]],
  ["secret.azure_ad_client_secret", [rnd(3) + "8Q~" + rnd(34, URLSAFE.replace("-", ""))], ["Q~ approximately equal"]],
  ["secret.alibaba_access_key_id", ["LTAI" + rnd(20)], ["LTAI" + "xxxx"]],
  ["secret.digitalocean_pat", ["dop_v1_" + rnd(64, HEX)], ["dop_v1_" + "0".repeat(64)]],
  ["secret.digitalocean_oauth_token", ["doo_v1_" + rnd(64, HEX)], ["doo_v1_" + rnd(10, HEX)]],
  ["secret.digitalocean_refresh_token", ["dor_v1_" + rnd(64, HEX)], ["dor_v1_" + rnd(10, HEX)]],
  ["secret.heroku_api_key", ["HRKU-" + rnd(60, URLSAFE)], ["HRKU-" + "x".repeat(60)]],
  ["secret.heroku_api_key_legacy", [`HEROKU_API_KEY=${rnd(8, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(12, HEX)}`], [`request id ${rnd(8, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(4, HEX)}-${rnd(12, HEX)} on heroku`]],
  ["secret.cloudflare_api_token", ["CF_API_TOKEN=" + rnd(40, URLSAFE)], ["cloudflare is a CDN and " + "a".repeat(40)]],
  ["secret.cloudflare_origin_ca_key", ["v1.0-" + rnd(24, HEX) + "-" + rnd(146, HEX)], ["v1.0-beta release"]],
  ["secret.databricks_token", ["dapi" + rnd(32, HEX)], ["dapi" + "xxxx"]],
  ["secret.fly_io_token", ["fo1_" + rnd(43, URLSAFE)], ["fo1_" + "abc"]],
  ["secret.vercel_token", ["VERCEL_TOKEN=" + rnd(24)], ["VERCEL_TOKEN=" + "$" + "{VERCEL_TOKEN}"]],
  ["secret.netlify_token", ["nfp_" + rnd(36)], ["nfp_" + "x".repeat(36)]],
  ["secret.supabase_access_token", ["sbp_" + rnd(40, HEX)], ["sbp_" + "0".repeat(40)]],
  ["secret.supabase_secret_key", ["sb_secret_" + rnd(40, URLSAFE)], ["sb_secret_" + "short"]],
  ["secret.planetscale_token", ["pscale_tkn_" + rnd(43, URLSAFE)], ["pscale_tkn_" + "x".repeat(43)]],
  ["secret.okta_api_token", ["OKTA_API_TOKEN=00" + rnd(40, URLSAFE)], ["00" + rnd(40, URLSAFE)]],
  ["secret.vault_token", ["VAULT_TOKEN=hvs." + rnd(90, URLSAFE)], ["hvs." + "short"]],
  ["secret.terraform_cloud_token", [rnd(14) + ".atlasv1." + rnd(67, URLSAFE)], ["atlasv1 docs"]],
  ["secret.pulumi_token", ["pul-" + rnd(40, HEX)], ["pul-" + "x".repeat(40)]],
  ["secret.doppler_token", ["dp.pt." + rnd(43)], ["dp.pt." + "<token>"]],
  ["secret.docker_hub_pat", ["dckr_pat_" + rnd(27, URLSAFE)], ["dckr_pat_" + "x".repeat(27)]],
  ["secret.github_pat_classic", ["ghp_" + rnd(36)], ["ghp_" + "a".repeat(36), "ghp_" + "xxxxxxxx"]],
  ["secret.github_pat_fine_grained", ["github_pat_" + rnd(22) + "_" + rnd(59)], ["github_pat_" + "..."]],
  ["secret.github_oauth_token", ["gho_" + rnd(36)], ["gho_" + rnd(10)]],
  ["secret.github_user_to_server_token", ["ghu_" + rnd(36)], ["ghu_" + rnd(10)]],
  ["secret.github_server_to_server_token", ["ghs_" + rnd(36)], ["ghs_" + rnd(10)]],
  ["secret.github_refresh_token", ["ghr_" + rnd(36)], ["ghr_" + rnd(10)]],
  ["secret.gitlab_pat", ["glpat-" + rnd(20, URLSAFE)], ["glpat-" + "x".repeat(20)]],
  ["secret.gitlab_deploy_token", ["gldt-" + rnd(20, URLSAFE)], ["gldt-" + "abc"]],
  ["secret.gitlab_runner_token", ["glrt-" + rnd(20, URLSAFE)], ["glrt-" + "abc"]],
  ["secret.gitlab_pipeline_trigger_token", ["glptt-" + rnd(40, HEX)], ["glptt-" + "abc"]],
  ["secret.gitlab_oauth_app_secret", ["gloas-" + rnd(64, HEX)], ["gloas-" + "abc"]],
  ["secret.bitbucket_app_password", ["ATBB" + rnd(32)], ["ATBB" + "x".repeat(32)]],
  ["secret.atlassian_api_token", ["ATATT3" + rnd(180, URLSAFE)], ["ATATT3" + "short"]],
  ["secret.npm_token", ["//registry.npmjs.org/:_authToken=npm_" + rnd(36)], ["npm_" + "x".repeat(36), "npm_config_cache"]],
  ["secret.pypi_token", ["pypi-" + "AgEIcHlwaS5vcmc" + rnd(60, URLSAFE)], ["pypi-" + "AgEIcHlwaS5vcmc" + "short"]],
  ["secret.postman_api_key", ["PMAK-" + rnd(24, HEX) + "-" + rnd(34, HEX)], ["PMAK-" + "xxx"]],
  ["secret.linear_api_key", ["lin_api_" + rnd(40)], ["lin_api_" + "x".repeat(40)]],
  ["secret.notion_token", ["ntn_" + rnd(11, "0123456789") + rnd(35)], ["secret_" + "key_name_in_config_file_is_here_ok_and_long"]],
  ["secret.figma_pat", ["figd_" + rnd(40, URLSAFE)], ["figd_" + "x".repeat(40)]],
  ["secret.airtable_pat", ["pat" + rnd(14) + "." + rnd(64, HEX)], ["pattern.matches"]],
  ["secret.asana_pat", ["ASANA_TOKEN=1/" + rnd(16, "0123456789") + ":" + rnd(32)], ["ratio 1/" + rnd(16, "0123456789") + ":" + rnd(32)]],
  ["secret.grafana_cloud_token", ["glc_" + rnd(60, B64)], ["glc_" + "x".repeat(40)]],
  ["secret.grafana_service_account_token", ["glsa_" + rnd(32) + "_" + rnd(8, HEX)], ["glsa_" + "abc"]],
  ["secret.datadog_api_key", ["DD_API_KEY=" + rnd(32, HEX)], ["md5 " + rnd(32, HEX)]],
  ["secret.new_relic_user_api_key", ["NRAK-" + rnd(27, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")], ["NRAK-" + "XXXX"]],
  ["secret.new_relic_insert_key", ["NRII-" + rnd(32, URLSAFE)], ["NRII-" + "x".repeat(32)]],
  ["secret.sentry_dsn", ["https://" + rnd(32, HEX) + "@o123.ingest.sentry.io/456"], ["https://sentry.io/welcome"]],
  ["secret.sentry_auth_token", ["sntryu_" + rnd(64, HEX)], ["sntryu_" + "0".repeat(64)]],
  ["secret.openai_api_key", ["sk-" + rnd(20) + "T3Blbk" + "FJ" + rnd(20)], ["sk-" + "..."]],
  ["secret.openai_project_key", ["sk-proj-" + rnd(120, URLSAFE)], ["sk-proj-" + "x".repeat(60), "sk-proj-..."]],
  ["secret.openai_service_account_key", ["sk-svcacct-" + rnd(100, URLSAFE)], ["sk-svcacct-" + "<key>"]],
  ["secret.openai_admin_key", ["sk-admin-" + rnd(100, URLSAFE)], ["sk-admin-" + "x".repeat(50)]],
  ["secret.anthropic_api_key", ["sk-ant-api03-" + rnd(93, URLSAFE) + "AA"], ["sk-ant-api03-" + "..."]],
  ["secret.anthropic_admin_key", ["sk-ant-admin01-" + rnd(93, URLSAFE) + "AA"], ["sk-ant-admin01-" + "xxxx"]],
  ["secret.huggingface_token", ["hf_" + rnd(34)], ["hf_" + "x".repeat(34), "hf_hub_download"]],
  ["secret.replicate_api_token", ["r8_" + rnd(37)], ["r8_" + "x".repeat(37)]],
  ["secret.groq_api_key", ["gsk_" + rnd(52)], ["gsk_" + "x".repeat(52)]],
  ["secret.perplexity_api_key", ["pplx-" + rnd(48)], ["pplx-" + "x".repeat(48)]],
  ["secret.xai_api_key", ["xai-" + rnd(80)], ["xai-" + "grok"]],
  ["secret.elevenlabs_api_key", ["sk_" + rnd(48, HEX)], ["sk_" + "test"]],
  ["secret.deepseek_api_key", ["DEEPSEEK_API_KEY=sk-" + rnd(32, HEX)], ["sk-" + rnd(32, HEX)]],
  ["secret.mistral_api_key", ["MISTRAL_API_KEY=" + rnd(32)], ["mistral is a wind " + "b".repeat(32)]],
  ["secret.cohere_api_key", ["COHERE_API_KEY=" + rnd(40)], ["cohere " + rnd(40)]],
  ["secret.together_api_key", ["TOGETHER_API_KEY=" + rnd(64, HEX)], ["sha256 " + rnd(64, HEX) + " together"]],
  ["secret.stripe_live_secret_key", ["sk_live_" + rnd(24)], ["sk_live_" + "x".repeat(24)]],
  ["secret.stripe_test_secret_key", ["sk_test_" + rnd(24)], ["sk_test_" + "..."]],
  ["secret.stripe_restricted_key", ["rk_live_" + rnd(24)], ["rk_live_" + "<key>"]],
  ["secret.stripe_webhook_secret", ["whsec_" + rnd(32)], ["whsec_" + "..."]],
  ["secret.square_access_token", ["EAAA" + rnd(60, URLSAFE)], ["EAAA" + "x".repeat(60)]],
  ["secret.square_oauth_secret", ["sq0csp-" + rnd(43, URLSAFE)], ["sq0csp-" + "x".repeat(43)]],
  ["secret.paypal_braintree_access_token", ["access_token$production$" + rnd(16, "abcdefghijklmnopqrstuvwxyz0123456789") + "$" + rnd(32, HEX)], ["access_token$production$" + "..."]],
  ["secret.shopify_access_token", ["shpat_" + rnd(32, HEX)], ["shpat_" + "x".repeat(32)]],
  ["secret.shopify_shared_secret", ["shpss_" + rnd(32, HEX)], ["shpss_" + "abc"]],
  ["secret.shopify_custom_app_token", ["shpca_" + rnd(32, HEX)], ["shpca_" + "abc"]],
  ["secret.shopify_private_app_token", ["shppa_" + rnd(32, HEX)], ["shppa_" + "abc"]],
  ["secret.slack_bot_token", ["xoxb-" + rnd(12, "0123456789") + "-" + rnd(12, "0123456789") + "-" + rnd(24)], ["xoxb-" + "your-token"]],
  ["secret.slack_user_token", ["xoxp-" + rnd(12, "0123456789") + "-" + rnd(12, "0123456789") + "-" + rnd(12, "0123456789") + "-" + rnd(32, HEX)], ["xoxp-" + "..."]],
  ["secret.slack_app_token", ["xapp-1-A" + rnd(9, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "-" + rnd(13, "0123456789") + "-" + rnd(64, HEX)], ["xapp-" + "..."]],
  ["secret.slack_config_token", ["xoxe.xoxp-1-" + rnd(150)], ["xoxe" + " token"]],
  ["secret.slack_legacy_token", ["xoxs-" + rnd(10, "0123456789") + "-" + rnd(30)], ["xoxs-" + "abc"]],
  ["secret.slack_webhook_url", ["https://hooks.slack.com/services/T" + rnd(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "/B" + rnd(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "/" + rnd(24)], ["https://hooks.slack.com/services/" + "T000/B000/XXXX"]],
  ["secret.discord_bot_token", ["DISCORD_TOKEN=M" + rnd(25, URLSAFE) + "." + rnd(6, URLSAFE) + "." + rnd(30, URLSAFE)], ["M" + rnd(25) + "." + rnd(6) + "." + rnd(30)]],
  ["secret.discord_webhook_url", ["https://discord.com/api/webhooks/" + rnd(18, "0123456789") + "/" + rnd(68, URLSAFE)], ["https://discord.com/api/webhooks/" + "{id}/{token}"]],
  ["secret.telegram_bot_token", [rnd(9, "123456789") + ":AA" + rnd(33, URLSAFE)], ["12:30:AA meeting"]],
  ["secret.sendgrid_api_key", ["SG." + rnd(22, URLSAFE) + "." + rnd(43, URLSAFE)], ["SG." + "xxxx" + ".yyyy"]],
  ["secret.brevo_api_key", ["xkeysib-" + rnd(64, HEX) + "-" + rnd(16)], ["xkeysib-" + "..."]],
  ["secret.mailchimp_api_key", [rnd(32, HEX) + "-us14"], ["en-us locale"]],
  ["secret.mailgun_api_key", ["key-" + rnd(32, HEX)], ["key-value store", "key-" + "0".repeat(32)]],
  ["secret.twilio_api_key", ["SK" + rnd(32, HEX)], ["SK" + "x".repeat(32), "ASK" + rnd(32, HEX)]],
  ["secret.twilio_account_sid_with_auth_token", ["TWILIO_ACCOUNT_SID=AC" + rnd(32, HEX) + "\nTWILIO_AUTH_TOKEN=..."], ["AC" + rnd(32, HEX) + " alone, no auth"]],
  ["secret.twitch_token", ["TWITCH_CLIENT_SECRET=" + rnd(30, "abcdefghijklmnopqrstuvwxyz0123456789")], ["twitch streams " + rnd(30, "abcdefghijklmnopqrstuvwxyz")]],
  ["secret.dropbox_short_lived_token", ["sl." + rnd(140, URLSAFE)], ["sl." + "short"]],
  ["secret.facebook_access_token", ["EAACEdEose0cBA" + rnd(100)], ["EAACEdEose0cBA" + "xx"]],
  ["secret.mapbox_secret_token", ["sk.eyJ" + rnd(60, URLSAFE) + "." + rnd(22, URLSAFE)], ["sk.eyJ" + "..."]],
  ["secret.age_secret_key", ["AGE-SECRET-KEY-1" + rnd(58, BECH32)], ["AGE-SECRET-KEY-1" + "..."]],
  ["secret.pem_private_key", ["-----BEGIN RSA PRIVATE KEY-----\n" + rnd(64, B64) + "\n" + rnd(64, B64) + "\n-----END RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----\n" + rnd(100, B64)], ["-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----", "-----BEGIN PUBLIC KEY-----\n" + rnd(100, B64)]],
  ["secret.openssh_private_key", ["-----BEGIN OPENSSH PRIVATE KEY-----\n" + rnd(140, B64) + "\n-----END OPENSSH PRIVATE KEY-----"], ["-----BEGIN OPENSSH PRIVATE KEY-----\n<paste here>\n-----END OPENSSH PRIVATE KEY-----"]],
  ["secret.pgp_private_key_block", ["-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + rnd(200, B64) + "\n-----END PGP PRIVATE KEY BLOCK-----"], ["-----BEGIN PGP PUBLIC KEY BLOCK-----\n" + rnd(200, B64)]],
  ["secret.database_url_password", ["DATABASE_URL=postgres://app:" + rnd(16) + "@db.internal:5432/app", "mongodb+srv://u:" + rnd(12) + "@cluster0.mongodb.net", "redis://:" + rnd(12) + "@cache:6379", "amqp://guest:" + rnd(10) + "@mq"], ["postgres://user:password@localhost/db", "postgres://app:${DB_PASSWORD}@db/app", "postgres://db.internal:5432/app"]],
  ["secret.jwt", [b64url('{"alg":"HS256","typ":"JWT"}') + "." + b64url('{"sub":"1234567890"}') + "." + rnd(43, URLSAFE)], ["eyJ" + rnd(20, URLSAFE) + "." + rnd(20, URLSAFE) + "." + rnd(20, URLSAFE)]],
  ["secret.generic_assignment", ['api_key = "' + rnd(32) + '"', "DB_PASSWORD=" + rnd(10), '{"client_secret": "' + rnd(40) + '"}'], ["password = process.env.DB_PASSWORD", 'token: "YOUR_API_KEY"', "api_key = <token>", "the token is valid for an hour"]],
];

describe("secret detectors", () => {
  it("ships at least 60 provider-specific secret rules", () => {
    expect(DETECTORS.filter((d) => d.category === "secret").length).toBeGreaterThanOrEqual(60);
  });

  it("has a TP and an FP case for every built-in secret rule", () => {
    const covered = new Set(CASES.filter(([, tp, fp]) => tp.length > 0 && fp.length > 0).map(([id]) => id));
    const missing = DETECTORS.filter((d) => d.category === "secret" && !covered.has(d.id)).map((d) => d.id);
    expect(missing).toEqual([]);
  });

  describe.each(CASES)("%s", (ruleId, truePositives, falsePositives) => {
    it.each(truePositives.map((t) => [t]))("detects %s", (text) => {
      expect(ids(`some context: ${text} end`)).toContain(ruleId);
    });
    it.each(falsePositives.map((t) => [t]))("ignores %s", (text) => {
      expect(ids(`some context: ${text} end`)).not.toContain(ruleId);
    });
  });

  it("reports the secret span, not the evidence name", () => {
    const secret = rnd(40, B64);
    const text = "aws_secret_access_key = " + secret;
    const finding = inspector.inspect(text).find((f) => f.ruleId === "secret.aws_secret_access_key");
    expect(finding && text.slice(finding.start, finding.end)).toBe(secret);
  });

  it("never fires on hashes, UUIDs, git SHAs, timestamps or prose", () => {
    const benign = [
      "commit " + rnd(40, HEX),
      "sha256:" + rnd(64, HEX),
      "id " + `${rnd(8, HEX)}-${rnd(4, HEX)}-4${rnd(3, HEX)}-a${rnd(3, HEX)}-${rnd(12, HEX)}`,
      "2024-05-01T12:30:45Z and 1714566645000",
      "The secret to a good sourdough is patience; the key is time and a warm kitchen.",
      "Set OPENAI_API_KEY to your key, e.g. sk-... or sk-xxxxxxxx, and pass <token> as the bearer.",
    ];
    for (const text of benign) expect(inspector.inspect(text).filter((f) => f.category === "secret")).toEqual([]);
  });
});
