import type { Config } from '../platform/config.ts';

export async function runTransfer(config: Config, command: 'export' | 'import', flags: Record<string, string | true>): Promise<void> {
  void config;
  void flags;
  throw new Error(`kefu ${command} is not available yet`);
}
