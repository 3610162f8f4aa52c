import { B, E, type SecretPatternSpec } from "./pattern-rule";

const r = String.raw;

/** GitHub, GitLab, Atlassian and package registries. */
export const SOURCE_CONTROL_RULES: SecretPatternSpec[] = [
  { id: "secret.github_pat_classic", description: "GitHub classic personal access token (ghp_)", severity: "critical", keywords: ["ghp_"], pattern: r`${B}ghp_[A-Za-z0-9]{36}${E}`, maxMatchLength: 40 },
  { id: "secret.github_pat_fine_grained", description: "GitHub fine-grained personal access token (github_pat_)", severity: "critical", keywords: ["github_pat_"], pattern: r`${B}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${E}`, maxMatchLength: 93 },
  { id: "secret.github_oauth_token", description: "GitHub OAuth access token (gho_)", severity: "critical", keywords: ["gho_"], pattern: r`${B}gho_[A-Za-z0-9]{36}${E}`, maxMatchLength: 40 },
  { id: "secret.github_user_to_server_token", description: "GitHub App user-to-server token (ghu_)", severity: "critical", keywords: ["ghu_"], pattern: r`${B}ghu_[A-Za-z0-9]{36}${E}`, maxMatchLength: 40 },
  { id: "secret.github_server_to_server_token", description: "GitHub App installation token (ghs_)", severity: "critical", keywords: ["ghs_"], pattern: r`${B}ghs_[A-Za-z0-9]{36}${E}`, maxMatchLength: 40 },
  { id: "secret.github_refresh_token", description: "GitHub refresh token (ghr_)", severity: "critical", keywords: ["ghr_"], pattern: r`${B}ghr_[A-Za-z0-9]{36,76}${E}`, maxMatchLength: 80 },
  { id: "secret.gitlab_pat", description: "GitLab personal access token (glpat-)", severity: "critical", keywords: ["glpat-"], pattern: r`${B}glpat-[A-Za-z0-9_\-]{20,64}(?:\.[0-9a-z]{2}\.[0-9a-z]{9})?${E}`, maxMatchLength: 83 },
  { id: "secret.gitlab_deploy_token", description: "GitLab deploy token (gldt-)", severity: "high", keywords: ["gldt-"], pattern: r`${B}gldt-[A-Za-z0-9_\-]{20,64}${E}`, maxMatchLength: 69 },
  { id: "secret.gitlab_runner_token", description: "GitLab runner authentication token (glrt-)", severity: "high", keywords: ["glrt-"], pattern: r`${B}glrt-[A-Za-z0-9_.\-]{20,64}${E}`, maxMatchLength: 69 },
  { id: "secret.gitlab_pipeline_trigger_token", description: "GitLab pipeline trigger token (glptt-)", severity: "high", keywords: ["glptt-"], pattern: r`${B}glptt-[A-Za-z0-9_\-]{20,64}${E}`, maxMatchLength: 70 },
  { id: "secret.gitlab_oauth_app_secret", description: "GitLab OAuth application secret (gloas-)", severity: "high", keywords: ["gloas-"], pattern: r`${B}gloas-[A-Za-z0-9_\-]{64}${E}`, maxMatchLength: 70 },
  { id: "secret.bitbucket_app_password", description: "Bitbucket app password / API token (ATBB)", severity: "high", keywords: ["atbb"], pattern: r`${B}ATBB[A-Za-z0-9_=.\-]{32,64}${E}`, maxMatchLength: 68 },
  { id: "secret.atlassian_api_token", description: "Atlassian (Jira/Confluence) API token (ATATT3)", severity: "high", keywords: ["atatt3"], pattern: r`${B}ATATT3[A-Za-z0-9_=\-]{150,250}${E}`, maxMatchLength: 256 },
  { id: "secret.npm_token", description: "npm access token (npm_)", severity: "critical", keywords: ["npm_"], pattern: r`${B}npm_[A-Za-z0-9]{36}${E}`, maxMatchLength: 40 },
  { id: "secret.pypi_token", description: "PyPI / TestPyPI upload token (pypi-AgEIcHlwaS5vcmc / pypi-AgENdGVzdC5weXBpLm9yZw)", severity: "critical", keywords: ["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"], pattern: r`${B}pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,300}${E}`, maxMatchLength: 330 },
  { id: "secret.postman_api_key", description: "Postman API key (PMAK-)", severity: "high", keywords: ["pmak-"], pattern: r`${B}PMAK-[a-f0-9]{24}-[a-f0-9]{34}${E}`, maxMatchLength: 64 },
  { id: "secret.linear_api_key", description: "Linear API key (lin_api_)", severity: "high", keywords: ["lin_api_"], pattern: r`${B}lin_api_[A-Za-z0-9]{40}${E}`, maxMatchLength: 48 },
  { id: "secret.notion_token", description: "Notion integration token (ntn_ or legacy secret_)", severity: "high", keywords: ["ntn_", "secret_"], pattern: r`${B}(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})${E}`, minEntropy: 4, maxMatchLength: 50 },
  { id: "secret.figma_pat", description: "Figma personal access token (figd_)", severity: "high", keywords: ["figd_"], pattern: r`${B}figd_[A-Za-z0-9_\-]{40}${E}`, maxMatchLength: 45 },
  { id: "secret.airtable_pat", description: "Airtable personal access token (pat…\\.hex)", severity: "high", keywords: ["pat"], pattern: r`${B}pat[A-Za-z0-9]{14}\.[a-f0-9]{64}${E}`, maxMatchLength: 82 },
  { id: "secret.asana_pat", description: "Asana personal access token next to the name asana", severity: "high", keywords: ["asana"], pattern: r`${B}\d/\d{10,20}(?:/\d{10,20})?:[A-Za-z0-9]{32}${E}`, evidence: { pattern: "asana", window: 80 }, maxMatchLength: 80 },
  { id: "secret.grafana_cloud_token", description: "Grafana Cloud access policy token (glc_)", severity: "high", keywords: ["glc_"], pattern: r`${B}glc_[A-Za-z0-9+/]{32,400}={0,2}`, maxMatchLength: 406 },
  { id: "secret.grafana_service_account_token", description: "Grafana service account token (glsa_)", severity: "high", keywords: ["glsa_"], pattern: r`${B}glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}${E}`, maxMatchLength: 46 },
  { id: "secret.datadog_api_key", description: "Datadog API (32 hex) or application (40 hex) key next to a Datadog name", severity: "high", keywords: ["datadog", "dd_api", "dd_app", "dd-api", "dd-application"], pattern: r`${B}(?:[a-f0-9]{40}|[a-f0-9]{32})${E}`, evidence: { pattern: r`datadog|dd[_\-](?:api|app|application)[_\-]?key`, window: 50 }, maxMatchLength: 40, confidence: 0.75 },
  { id: "secret.new_relic_user_api_key", description: "New Relic user API key (NRAK-)", severity: "high", keywords: ["nrak-"], pattern: r`${B}NRAK-[A-Z0-9]{27}${E}`, maxMatchLength: 32 },
  { id: "secret.new_relic_insert_key", description: "New Relic insights insert key (NRII-)", severity: "high", keywords: ["nrii-"], pattern: r`${B}NRII-[A-Za-z0-9_\-]{32}${E}`, maxMatchLength: 37 },
  { id: "secret.sentry_dsn", description: "Sentry DSN (public key in an ingest URL)", severity: "medium", keywords: ["sentry.io"], pattern: r`https?://(?<secret>[a-f0-9]{32})@[a-z0-9.\-]{0,60}sentry\.io/\d+`, maxMatchLength: 120, confidence: 0.9 },
  { id: "secret.sentry_auth_token", description: "Sentry auth token (sntrys_/sntryu_)", severity: "high", keywords: ["sntrys_", "sntryu_"], pattern: r`${B}(?:sntryu_[a-f0-9]{64}|sntrys_[A-Za-z0-9+/=_]{60,400})${E}`, maxMatchLength: 410 },
];
