import { B, E, type SecretPatternSpec } from "./pattern-rule";

const r = String.raw;

/** Chat, e-mail and social platforms. */
export const MESSAGING_RULES: SecretPatternSpec[] = [
  { id: "secret.slack_bot_token", description: "Slack bot token (xoxb-)", severity: "critical", keywords: ["xoxb-"], pattern: r`${B}xoxb-\d{8,13}-\d{8,13}-[A-Za-z0-9]{24,34}${E}`, maxMatchLength: 70 },
  { id: "secret.slack_user_token", description: "Slack user token (xoxp-)", severity: "critical", keywords: ["xoxp-"], pattern: r`${B}xoxp-\d{8,13}-\d{8,13}-\d{8,13}-[a-f0-9]{32}${E}`, maxMatchLength: 80 },
  { id: "secret.slack_app_token", description: "Slack app-level token (xapp-)", severity: "critical", keywords: ["xapp-"], pattern: r`${B}xapp-\d-[A-Z0-9]{8,12}-\d{10,14}-[a-f0-9]{64}${E}`, maxMatchLength: 100 },
  { id: "secret.slack_config_token", description: "Slack configuration / rotating token (xoxe)", severity: "critical", keywords: ["xoxe"], pattern: r`${B}xoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{140,170}${E}`, maxMatchLength: 185 },
  { id: "secret.slack_legacy_token", description: "Slack legacy workspace/app token (xoxa-/xoxr-/xoxs-)", severity: "high", keywords: ["xoxa-", "xoxr-", "xoxs-"], pattern: r`${B}xox[ars]-(?:\d{1,13}-){1,3}[A-Za-z0-9]{24,64}${E}`, maxMatchLength: 110 },
  { id: "secret.slack_webhook_url", description: "Slack incoming webhook URL", severity: "high", keywords: ["hooks.slack.com"], pattern: r`https://hooks\.slack\.com/(?:services|workflows|triggers)/(?<secret>T[A-Z0-9]{8,12}/[A-Z0-9]{8,12}/[A-Za-z0-9]{24})`, maxMatchLength: 110 },
  { id: "secret.discord_bot_token", description: "Discord bot token next to the name discord", severity: "high", keywords: ["discord"], pattern: r`${B}[MNO][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38}${E}`, evidence: { pattern: "discord", window: 100 }, maxMatchLength: 72 },
  { id: "secret.discord_webhook_url", description: "Discord webhook URL", severity: "high", keywords: ["/api/webhooks/"], pattern: r`https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/(?<secret>\d{17,20}/[A-Za-z0-9_\-]{60,68})`, maxMatchLength: 140 },
  { id: "secret.telegram_bot_token", description: "Telegram bot token (bot id:AA + 33 chars)", severity: "high", keywords: [":aa"], pattern: r`(?<![0-9])\d{8,10}:AA[A-Za-z0-9_\-]{33}${E}`, maxMatchLength: 46 },
  { id: "secret.sendgrid_api_key", description: "SendGrid API key (SG.x.y)", severity: "critical", keywords: ["sg."], pattern: r`${B}SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}${E}`, maxMatchLength: 69 },
  { id: "secret.brevo_api_key", description: "Brevo / Sendinblue API key (xkeysib-)", severity: "high", keywords: ["xkeysib-"], pattern: r`${B}xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}${E}`, maxMatchLength: 89 },
  { id: "secret.mailchimp_api_key", description: "Mailchimp API key (32 hex + datacenter suffix)", severity: "high", keywords: ["-us"], pattern: r`${B}[a-f0-9]{32}-us\d{1,2}${E}`, maxMatchLength: 37 },
  { id: "secret.mailgun_api_key", description: "Mailgun private API key (key- + 32 hex)", severity: "high", keywords: ["key-"], pattern: r`${B}key-[a-f0-9]{32}${E}`, maxMatchLength: 36 },
  { id: "secret.twilio_api_key", description: "Twilio API key SID (SK + 32 hex)", severity: "high", keywords: ["sk"], pattern: r`${B}SK[a-f0-9]{32}${E}`, maxMatchLength: 34, confidence: 0.85 },
  { id: "secret.twilio_account_sid_with_auth_token", description: "Twilio account SID (AC + 32 hex) next to an auth token", severity: "high", keywords: ["auth"], pattern: r`${B}AC[a-f0-9]{32}${E}`, evidence: { pattern: r`auth[_\-\s]?token`, window: 200 }, maxMatchLength: 34, confidence: 0.8 },
  { id: "secret.twitch_token", description: "Twitch OAuth token / client secret (30 chars) next to the name twitch", severity: "high", keywords: ["twitch"], pattern: r`${B}(?:oauth:)?[a-z0-9]{30}${E}`, evidence: { pattern: r`twitch[_\-\s]?(?:client[_\-\s]?secret|oauth|access[_\-\s]?token|token)`, window: 60 }, minEntropy: 3.8, validate: (token) => /\d/.test(token), maxMatchLength: 36, confidence: 0.7 },
  { id: "secret.dropbox_short_lived_token", description: "Dropbox short-lived access token (sl.)", severity: "high", keywords: ["sl."], pattern: r`${B}sl\.[A-Za-z0-9_\-]{130,1400}${E}`, maxMatchLength: 1403 },
  { id: "secret.facebook_access_token", description: "Facebook / Meta access token (EAACEdEose0cBA / EAAG / EAAB prefixes)", severity: "high", keywords: ["eaacedeose0cba", "eaag", "eaab"], pattern: r`${B}(?:EAACEdEose0cBA|EAAG|EAAB)[A-Za-z0-9]{60,300}${E}`, minEntropy: 3.5, maxMatchLength: 314 },
  { id: "secret.mapbox_secret_token", description: "Mapbox secret token (sk.eyJ)", severity: "high", keywords: ["sk.eyj"], pattern: r`${B}sk\.eyJ[A-Za-z0-9_\-]{40,200}\.[A-Za-z0-9_\-]{20,60}${E}`, maxMatchLength: 270 },
  { id: "secret.age_secret_key", description: "age encryption secret key (AGE-SECRET-KEY-1)", severity: "critical", keywords: ["age-secret-key-1"], pattern: r`AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}`, maxMatchLength: 74 },
];
