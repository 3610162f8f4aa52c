import { B, E, type SecretPatternSpec } from "./pattern-rule";

const r = String.raw;

/** AWS, Google Cloud, Azure and other infrastructure providers. */
export const CLOUD_PROVIDER_RULES: SecretPatternSpec[] = [
  { id: "secret.aws_access_key_id", description: "AWS access key id (AKIA/ASIA/ABIA/ACCA)", severity: "high", keywords: ["akia", "asia", "abia", "acca"], pattern: r`(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Z0-9])`, maxMatchLength: 20 },
  { id: "secret.aws_secret_access_key", description: "AWS secret access key assigned to an aws_secret_access_key-like name", severity: "critical", keywords: ["secret"], caseInsensitive: true, pattern: r`(?:aws)?[_.\-]?secret[_.\-]?(?:access)?[_.\-]?key["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, maxMatchLength: 120, minEntropy: 3.5 },
  { id: "secret.gcp_service_account_key", description: "private_key inside a Google service-account JSON", severity: "critical", keywords: ["service_account"], pattern: r`"private_key"\s*:\s*"(?<secret>-----BEGIN[^"]{40,4000})"`, evidence: { pattern: r`"type"\s*:\s*"service_account"`, window: 4096 }, maxMatchLength: 4100 },
  { id: "secret.google_api_key", description: "Google API key (GCP, Firebase, Google AI Studio / Gemini), AIza prefix", severity: "high", keywords: ["aiza"], pattern: r`${B}AIza[0-9A-Za-z_\-]{35}${E}`, maxMatchLength: 39 },
  { id: "secret.google_oauth_client_secret", description: "Google OAuth client secret (GOCSPX-)", severity: "high", keywords: ["gocspx-"], pattern: r`${B}GOCSPX-[A-Za-z0-9_\-]{28}${E}`, maxMatchLength: 35 },
  { id: "secret.google_oauth_access_token", description: "Google OAuth access token (ya29.)", severity: "high", keywords: ["ya29."], pattern: r`${B}ya29\.[A-Za-z0-9_\-]{30,2000}`, maxMatchLength: 2005 },
  { id: "secret.azure_storage_account_key", description: "Azure storage account key in a connection string (AccountKey=)", severity: "critical", keywords: ["accountkey="], caseInsensitive: true, pattern: r`AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)`, maxMatchLength: 99 },
  { id: "secret.azure_sas_token", description: "Azure shared access signature (sig= with sv= evidence)", severity: "high", keywords: ["sig="], pattern: r`[?&]sig=(?<secret>[A-Za-z0-9%+/]{40,100})`, evidence: { pattern: r`[?&]sv=\d{4}-\d{2}-\d{2}`, window: 400 }, maxMatchLength: 105 },
  { id: "secret.azure_ad_client_secret", description: "Azure AD / Entra ID client secret (xxxNQ~ format)", severity: "high", keywords: ["q~"], pattern: r`${B}[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}${E}`, maxMatchLength: 40 },
  { id: "secret.alibaba_access_key_id", description: "Alibaba Cloud access key id (LTAI)", severity: "high", keywords: ["ltai"], pattern: r`${B}LTAI[A-Za-z0-9]{20}${E}`, maxMatchLength: 24 },
  { id: "secret.digitalocean_pat", description: "DigitalOcean personal access token (dop_v1_)", severity: "high", keywords: ["dop_v1_"], pattern: r`${B}dop_v1_[a-f0-9]{64}${E}`, maxMatchLength: 71 },
  { id: "secret.digitalocean_oauth_token", description: "DigitalOcean OAuth token (doo_v1_)", severity: "high", keywords: ["doo_v1_"], pattern: r`${B}doo_v1_[a-f0-9]{64}${E}`, maxMatchLength: 71 },
  { id: "secret.digitalocean_refresh_token", description: "DigitalOcean refresh token (dor_v1_)", severity: "high", keywords: ["dor_v1_"], pattern: r`${B}dor_v1_[a-f0-9]{64}${E}`, maxMatchLength: 71 },
  { id: "secret.heroku_api_key", description: "Heroku API key (HRKU- prefix)", severity: "high", keywords: ["hrku-"], pattern: r`${B}HRKU-[A-Za-z0-9_\-]{58,64}${E}`, maxMatchLength: 69 },
  { id: "secret.heroku_api_key_legacy", description: "Legacy Heroku API key (UUID) next to the name heroku", severity: "high", keywords: ["heroku"], pattern: r`${B}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}${E}`, evidence: { pattern: r`heroku[_\-\s]?(?:api)?[_\-\s]?(?:key|token)`, window: 60 }, maxMatchLength: 36, confidence: 0.7 },
  { id: "secret.cloudflare_api_token", description: "Cloudflare API token (40 chars) next to a Cloudflare name", severity: "high", keywords: ["cloudflare", "cf_api"], pattern: r`${B}[A-Za-z0-9_\-]{40}${E}`, evidence: { pattern: r`cloudflare|cf_api_(?:token|key)`, window: 60 }, minEntropy: 4, maxMatchLength: 40, confidence: 0.7 },
  { id: "secret.cloudflare_origin_ca_key", description: "Cloudflare origin CA key (v1.0-)", severity: "high", keywords: ["v1.0-"], pattern: r`${B}v1\.0-[a-f0-9]{24}-[a-f0-9]{146}${E}`, maxMatchLength: 176 },
  { id: "secret.databricks_token", description: "Databricks personal access token (dapi)", severity: "high", keywords: ["dapi"], pattern: r`${B}dapi[a-f0-9]{32}(?:-\d)?${E}`, maxMatchLength: 38 },
  { id: "secret.fly_io_token", description: "Fly.io access token (fo1_)", severity: "high", keywords: ["fo1_"], pattern: r`${B}fo1_[A-Za-z0-9_\-]{43}${E}`, maxMatchLength: 47 },
  { id: "secret.vercel_token", description: "Vercel access token (24 chars) next to the name vercel", severity: "high", keywords: ["vercel"], pattern: r`${B}[A-Za-z0-9]{24}${E}`, evidence: { pattern: r`vercel[_\-\s]?(?:api)?[_\-\s]?(?:token|key)`, window: 40 }, minEntropy: 3.8, maxMatchLength: 24, confidence: 0.7 },
  { id: "secret.netlify_token", description: "Netlify personal access token (nfp_)", severity: "high", keywords: ["nfp_"], pattern: r`${B}nfp_[A-Za-z0-9]{36}${E}`, maxMatchLength: 40 },
  { id: "secret.supabase_access_token", description: "Supabase management access token (sbp_)", severity: "high", keywords: ["sbp_"], pattern: r`${B}sbp_[a-f0-9]{40}${E}`, maxMatchLength: 44 },
  { id: "secret.supabase_secret_key", description: "Supabase secret API key (sb_secret_)", severity: "critical", keywords: ["sb_secret_"], pattern: r`${B}sb_secret_[A-Za-z0-9_\-]{31,64}${E}`, maxMatchLength: 74 },
  { id: "secret.planetscale_token", description: "PlanetScale service token or password (pscale_tkn_/pscale_pw_)", severity: "high", keywords: ["pscale_"], pattern: r`${B}pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.\-]{32,64}${E}`, maxMatchLength: 76 },
  { id: "secret.okta_api_token", description: "Okta API token (00 + 40 chars) next to the name okta", severity: "high", keywords: ["okta"], pattern: r`${B}00[A-Za-z0-9_\-]{40}${E}`, evidence: { pattern: r`okta`, window: 60 }, minEntropy: 4, maxMatchLength: 42, confidence: 0.75 },
  { id: "secret.vault_token", description: "HashiCorp Vault service/batch token (hvs./hvb.)", severity: "critical", keywords: ["hvs.", "hvb."], pattern: r`${B}hv[sb]\.[A-Za-z0-9_\-]{24,200}${E}`, maxMatchLength: 204 },
  { id: "secret.terraform_cloud_token", description: "Terraform Cloud / HCP API token (.atlasv1.)", severity: "high", keywords: ["atlasv1"], pattern: r`${B}[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70}${E}`, maxMatchLength: 93 },
  { id: "secret.pulumi_token", description: "Pulumi access token (pul-)", severity: "high", keywords: ["pul-"], pattern: r`${B}pul-[a-f0-9]{40}${E}`, maxMatchLength: 44 },
  { id: "secret.doppler_token", description: "Doppler token (dp.pt./dp.st./dp.sa./dp.ct.)", severity: "high", keywords: ["dp."], pattern: r`${B}dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}${E}`, maxMatchLength: 54 },
  { id: "secret.docker_hub_pat", description: "Docker Hub personal access token (dckr_pat_)", severity: "high", keywords: ["dckr_pat_"], pattern: r`${B}dckr_pat_[A-Za-z0-9_\-]{27}${E}`, maxMatchLength: 36 },
];
