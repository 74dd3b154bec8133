/**
 * The one owner of the SMTP transport: its settings (a config file, then environment
 * variables over it), the nodemailer transport, and what a failure means: try again later,
 * give up, or "the server may have it" (never sent twice on our own).
 *
 * The password is never printed or written: it is kept out of every message this module
 * makes, and `redact` takes it out of any text before it is shown.
 */
import { existsSync } from "node:fs";
import nodemailer from "nodemailer";
import { z } from "zod";
import { usageError } from "../errors.js";
import { validate } from "../load/load.js";
import { readYamlFile } from "../load/yaml.js";
import { t } from "../locale/messages.js";

const SmtpFile = z.strictObject({
  host: z.string().min(1),
  port: z.int().min(1).max(65535).optional(),
  /** TLS from the first byte (port 465). */
  secure: z.boolean().optional(),
  /** STARTTLS: required (refuse to send in clear), opportunistic, or never. */
  starttls: z.enum(["required", "opportunistic", "never"]).optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  from: z.string().min(3),
  /** Largest attachment accepted, in megabytes. */
  max_attachment_mb: z.number().positive().optional(),
  /** Attempts at a temporary failure, and the first wait between them (doubling), in ms. */
  retries: z.int().min(0).max(10).optional(),
  retry_delay_ms: z.int().min(0).optional(),
});

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  starttls: "required" | "opportunistic" | "never";
  user: string | undefined;
  password: string | undefined;
  from: string;
  maxAttachmentBytes: number;
  retries: number;
  retryDelayMs: number;
}

/** Environment variables, each overriding the config file's field of the same meaning. */
export const SMTP_ENV = {
  host: "BRIEFING_SMTP_HOST",
  port: "BRIEFING_SMTP_PORT",
  secure: "BRIEFING_SMTP_SECURE",
  starttls: "BRIEFING_SMTP_STARTTLS",
  user: "BRIEFING_SMTP_USER",
  password: "BRIEFING_SMTP_PASSWORD",
  from: "BRIEFING_SMTP_FROM",
} as const;

export async function smtpSettings(
  configFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  overrides: { maxAttachmentMb?: number | undefined } = {},
): Promise<SmtpSettings> {
  let file: Partial<z.infer<typeof SmtpFile>> = {};
  if (configFile) {
    if (!existsSync(configFile)) throw usageError(t`SMTP config file not found: ${configFile}`);
    file = validate(await readYamlFile(configFile), SmtpFile);
  }
  const host = env[SMTP_ENV.host] ?? file.host;
  const from = env[SMTP_ENV.from] ?? file.from;
  if (!host || !from) {
    throw usageError(
      t`no SMTP server configured`,
      t`Set ${SMTP_ENV.host} and ${SMTP_ENV.from} (and ${SMTP_ENV.port}, ${SMTP_ENV.user}, ${SMTP_ENV.password} as needed), or give --smtp <file> with host, port, from, user, password.`,
    );
  }
  const secure =
    env[SMTP_ENV.secure] !== undefined ? env[SMTP_ENV.secure] === "true" : (file.secure ?? false);
  const starttls = (env[SMTP_ENV.starttls] ??
    file.starttls ??
    "opportunistic") as SmtpSettings["starttls"];
  if (!["required", "opportunistic", "never"].includes(starttls)) {
    throw usageError(t`${SMTP_ENV.starttls} must be required, opportunistic or never`);
  }
  const port = Number(env[SMTP_ENV.port] ?? file.port ?? (secure ? 465 : 587));
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw usageError(t`${SMTP_ENV.port} must be a port number`);
  }
  return {
    host,
    port,
    secure,
    starttls,
    user: env[SMTP_ENV.user] ?? file.user,
    password: env[SMTP_ENV.password] ?? file.password,
    from,
    maxAttachmentBytes: (overrides.maxAttachmentMb ?? file.max_attachment_mb ?? 10) * 1024 * 1024,
    retries: file.retries ?? 4,
    retryDelayMs: file.retry_delay_ms ?? 2_000,
  };
}

export function createTransport(settings: SmtpSettings) {
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.starttls === "required",
    ignoreTLS: settings.starttls === "never",
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? "" } } : {}),
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
    // Each message is one connection: a dropped connection costs one message, not a queue.
    pool: false,
  });
}

/** Takes the password out of any text that is about to be shown or written. */
export function redact(text: string, settings: Pick<SmtpSettings, "password">): string {
  return settings.password ? text.split(settings.password).join("********") : text;
}

export type FailureKind =
  /** Try again, with the same Message-ID: 4xx, a connection refused or dropped before the data. */
  | "temporary"
  /** Do not try again: 5xx, authentication refused. */
  | "permanent"
  /** The server may have the message: the connection ended after the data was sent. */
  | "unknown";

export interface MailError {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  message: string;
}

export function asMailError(error: unknown): MailError {
  if (error && typeof error === "object" && "message" in error) {
    const e = error as Record<string, unknown>;
    return {
      message: String(e.message),
      ...(typeof e.code === "string" ? { code: e.code } : {}),
      ...(typeof e.responseCode === "number" ? { responseCode: e.responseCode } : {}),
      ...(typeof e.command === "string" ? { command: e.command } : {}),
      ...(typeof e.response === "string" ? { response: e.response } : {}),
    };
  }
  return { message: String(error) };
}

/**
 * What a failure means. `dataSent`: the whole message had been handed to the connection when
 * it failed, so a dropped connection may have come after the server took the message.
 */
export function classify(error: MailError, dataSent: boolean): FailureKind {
  if (error.responseCode !== undefined) {
    return error.responseCode >= 400 && error.responseCode < 500 ? "temporary" : "permanent";
  }
  if (error.code === "EAUTH" || error.code === "ENOAUTH" || error.code === "ECONFIG")
    return "permanent";
  if (dataSent) return "unknown";
  return "temporary";
}
