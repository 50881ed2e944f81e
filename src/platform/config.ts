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
  KEFU_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  KEFU_MAX_ATTACHMENT_BYTES: z.coerce.number().int().positive().default(10 * 1_048_576),
  KEFU_SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  KEFU_WORKERS: z.enum(['on', 'off']).default('on'),
  KEFU_FSYNC_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  // The built-in SMTP listener for inbound mail, bound to HOST; 0 turns it off.
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  SMTP_MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(25 * 1_048_576),
  // The name the listener greets with; defaults to the machine's host name.
  SMTP_HOSTNAME: z.string().min(1).optional(),
  // Where replies are sent: smtp://user:pass@host:587 or smtps://…:465. A workspace's own setting overrides it.
  SMTP_RELAY_URL: z
    .string()
    .url()
    .refine((value) => /^smtps?:\/\//i.test(value), 'must start with smtp:// or smtps://')
    .optional(),
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
