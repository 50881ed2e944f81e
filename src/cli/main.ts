import { loadConfig } from '../platform/config.ts';
import { parseArgs } from './args.ts';

const USAGE = `Usage: kefu <command>

  serve                         run the server (default)
  migrate                       apply database migrations and exit
  seed --demo [--tickets N]     create the demo workspace with N tickets (default 300)
  user create --workspace SLUG --email E --name N --role R [--password P]
  token create --workspace SLUG --email E --name N --scopes a,b
  export --workspace SLUG --out FILE    write a workspace to a portable file
  import --file FILE                    load a workspace written by export
`;

async function main(): Promise<void> {
  const { positional, flags } = parseArgs(process.argv.slice(2));
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
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
