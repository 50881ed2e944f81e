import { loadConfig } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import { translate } from '../platform/i18n.ts';
import { parseArgs } from './args.ts';

const USAGE = `Usage: kefu <command>

  serve                         run the server (default)
  migrate                       apply database migrations and exit
  seed --demo [--tickets N]     create the demo workspace with N tickets (default 300)
  workspace create --name N --slug S --admin-email E --admin-name N [--admin-password P]
                   [--timezone Asia/Shanghai] [--locale zh-CN|en]
                                a new workspace (tenant) and its first administrator
  user create --workspace SLUG --email E --name N --role R [--password P]
  token create --workspace SLUG --email E --name N --scopes a,b
  export --workspace SLUG --out FILE    write a workspace to a portable file
  import --file FILE                    load a workspace written by export
  mail import <files|mbox|folders…> --workspace SLUG
                                load mail through the SMTP path; prints new tickets, joined, duplicates, auto-replies, failures
`;

async function main(): Promise<void> {
  const { positional, flags } = parseArgs(process.argv.slice(2));
  if (flags.help || flags.h || positional[0] === '-h') {
    console.log(USAGE);
    return;
  }
  const [command = 'serve', sub] = positional;
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const { serve } = await import('./serve.ts');
      await serve(config);
      return;
    }
    case 'migrate': {
      const { runMigrate } = await import('./commands.ts');
      await runMigrate(config);
      return;
    }
    case 'seed': {
      const { runSeed } = await import('./commands.ts');
      await runSeed(config, flags);
      return;
    }
    case 'workspace': {
      const { runWorkspace } = await import('./commands.ts');
      await runWorkspace(config, sub, flags);
      return;
    }
    case 'user':
    case 'token': {
      const { runUserOrToken } = await import('./commands.ts');
      await runUserOrToken(config, command, sub, flags);
      return;
    }
    case 'export':
    case 'import': {
      const { runTransfer } = await import('./transfer.ts');
      await runTransfer(config, command, flags);
      return;
    }
    case 'mail': {
      if (sub !== 'import') throw new Error('Usage: kefu mail import <files|mbox|folders…> --workspace SLUG');
      const { runMailImport } = await import('./mail-import.ts');
      const summary = await runMailImport(config, positional.slice(2), flags);
      if (summary.failed.length > 0) process.exitCode = 1;
      return;
    }
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      console.error(`Unknown command: ${command}\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(describeError(error));
  process.exit(1);
});

/** Service errors carry message keys; the command line shows their English text and the failing fields. */
function describeError(error: unknown): string {
  if (error instanceof AppError) {
    const fields = error.fields.map((f) => `  ${f.field}: ${translate('en', f.messageKey, f.params)}`);
    return [translate('en', error.messageKey, error.params), ...fields].join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}
