import { finding, type Detector } from "../../detector";
import type { Finding } from "../../types";

/** Obvious stand-ins people write in docs; a real password leak is anything else. */
const PLACEHOLDER_PASSWORDS = new Set(["password", "pass", "passwd", "pwd", "secret", "changeme", "admin", "root", "user", "postgres", "mysql", "example", "xxx", "xxxx", "xxxxxx", "***", "****", "******", "…", "..."]);

const DATABASE_URL = /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse)(?:\+[a-z0-9]+)?:\/\/[^\s:/@"'`<>]{0,128}:(?<secret>[^\s@/"'`<>]{1,256})@[A-Za-z0-9.\-_[\]]+/gdi;

export const DATABASE_URL_DETECTOR: Detector = {
  info: { id: "secret.database_url_password", category: "secret", severity: "critical", description: "Password embedded in a database/broker connection URL (postgres, mysql, mongodb, redis, amqp…)" },
  keywords: ["://"],
  maxMatchLength: 700,
  scan(text) {
    const out: Finding[] = [];
    DATABASE_URL.lastIndex = 0;
    for (let m = DATABASE_URL.exec(text); m !== null; m = DATABASE_URL.exec(text)) {
      const span = m.indices?.groups?.secret;
      if (!span) continue;
      const password = text.slice(span[0], span[1]);
      const lower = password.toLowerCase();
      // Template variables ($DB_PASS, ${PASS}, %s, {password}) are not secrets.
      if (PLACEHOLDER_PASSWORDS.has(lower) || /^[$%{<[]/.test(password) || /^x+$/i.test(password) || lower.includes("your")) continue;
      out.push(finding(this.info, span[0], span[1], 0.95));
    }
    return out;
  },
};
