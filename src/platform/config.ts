import { z } from 'zod';

// The only place that reads process.env. Each variable is documented in README.md.
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  KEFU_SECRET: z.string().min(16).optional(),
  KEFU_ADMIN_EMAIL: z.string().email().default('admin@demo.kefu.local'),
  KEFU_ADMIN_PASSWORD: z.string().min(8).default('kefu-demo-2026'),
  KEFU_PUBLIC_URL: z.string().url().optional(),
  KEFU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KEFU_SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  // The platform operator's bearer token for /api/platform (creating workspaces); unset turns that API off.
  KEFU_PLATFORM_TOKEN: z.string().min(32, 'at least 32 characters').optional(),
  KEFU_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  KEFU_MAX_ATTACHMENT_BYTES: z.coerce.number().int().positive().default(10 * 1_048_576),
  KEFU_SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  KEFU_WORKERS: z.enum(['on', 'off']).default('on'),
  KEFU_FSYNC_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  KEFU_ATTACHMENT_STORE: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens').optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  KEFU_MAX_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  KEFU_RETAIN_EVENTS_DAYS: z.coerce.number().positive().default(30),
  KEFU_RETAIN_TIMERS_DAYS: z.coerce.number().positive().default(30),
  KEFU_ORPHAN_UPLOAD_HOURS: z.coerce.number().positive().default(24),
  /** Unset: the audit log is kept forever. */
  KEFU_RETAIN_AUDIT_DAYS: z.coerce.number().positive().optional(),
  // The built-in SMTP listener for inbound mail, bound to HOST; 0 turns it off.
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  SMTP_MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(25 * 1_048_576),
  // The name the listener greets with; defaults to the machine's host name.
  SMTP_HOSTNAME: z.string().min(1).optional(),
  // New tickets one sender may open by mail per hour; more mail joins their latest ticket, unanswered. 0: no limit.
  KEFU_MAIL_TICKETS_PER_SENDER: z.coerce.number().int().min(0).default(20),
  // Where replies are sent: smtp://user:pass@host:587 or smtps://…:465. A workspace's own setting overrides it.
  SMTP_RELAY_URL: z
    .string()
    .url()
    .refine((value) => /^smtps?:\/\//i.test(value), 'must start with smtp:// or smtps://')
    .optional(),
  // The WeChat Official Account API (access tokens, customer-service messages, media); tests point it at a local server.
  WECHAT_API_BASE_URL: z.string().url().default('https://api.weixin.qq.com'),
}).superRefine((config, context) => {
  if (config.KEFU_ATTACHMENT_STORE === 's3' && !config.S3_BUCKET) {
    context.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'required when KEFU_ATTACHMENT_STORE is s3' });
  }
  // One key without the other would silently fall back to the SDK's own credential chain.
  if (Boolean(config.S3_ACCESS_KEY_ID) !== Boolean(config.S3_SECRET_ACCESS_KEY)) {
    context.addIssue({ code: 'custom', path: [config.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'], message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together' });
  }
});

export type Config = z.infer<typeof ConfigSchema> & {
  readonly isEmbedded: boolean;
  /** Cookies get the Secure flag when the public URL is https. */
  readonly secureCookies: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<z.infer<typeof ConfigSchema>> = {}): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const merged = { ...parsed.data, ...overrides };
  return { ...merged, isEmbedded: !merged.DATABASE_URL, secureCookies: merged.KEFU_PUBLIC_URL?.startsWith('https:') ?? false };
}
