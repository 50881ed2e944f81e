import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { printTicketBench, runTicketBench } from './tickets.bench.ts';

// The benchmark targets the local PostgreSQL server unless told otherwise; it is skipped when unreachable.
const SERVER_URL = process.env.KEFU_BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function isReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const tickets = quick ? 400 : 100_000;
  const queries = quick ? 50 : 400;
  console.log(`# Kefu benchmarks (${quick ? 'quick pass' : 'full run'}) — ${new Date().toISOString()}`);
  const serverUp = await isReachable(SERVER_URL);
  if (!serverUp) console.log(`(PostgreSQL server at ${SERVER_URL} unreachable: server figures skipped)`);

  // --database=embedded|server runs the ticket benchmark on one of the two only.
  const database = process.argv.find((arg) => arg.startsWith('--database='))?.slice('--database='.length);
  if (!only || only === 'tickets') {
    if (database !== 'server') printTicketBench(await runTicketBench({ tickets, queries }));
    if (serverUp && database !== 'embedded') printTicketBench(await runTicketBench({ serverUrl: SERVER_URL, tickets, queries }));
  }
  for (const extra of await loadExtraBenches()) {
    if (only && only !== extra.name) continue;
    await extra.run({ quick, serverUrl: serverUp ? SERVER_URL : undefined });
  }
}

/** Benchmarks contributed by modules and the web app; each prints its own figures. */
async function loadExtraBenches(): Promise<{ name: string; run: (options: { quick: boolean; serverUrl?: string }) => Promise<void> }[]> {
  return [
    {
      name: 'sla',
      async run({ quick, serverUrl }) {
        const { runSlaBench } = await import('./sla.bench.ts');
        await runSlaBench({ quick });
        if (serverUrl) await runSlaBench({ quick, databaseUrl: serverUrl });
      },
    },
    {
      name: 'search',
      async run({ quick }) {
        const { runSearchBench } = await import('./search.bench.ts');
        await runSearchBench({ quick });
      },
    },
    {
      name: 'kb',
      async run({ quick }) {
        const { runKbBench } = await import('./kb.bench.ts');
        await runKbBench({ quick });
      },
    },
    {
      name: 'routing',
      async run({ quick, serverUrl }) {
        const { runRoutingBench } = await import('./routing.bench.ts');
        await runRoutingBench({ quick, serverUrl });
      },
    },
    {
      name: 'portal',
      async run({ quick }) {
        const { runPortalBench } = await import('./portal.bench.ts');
        await runPortalBench({ quick });
      },
    },
    {
      name: 'complaints',
      async run({ quick, serverUrl }) {
        const { runComplaintsBench } = await import('./complaints.bench.ts');
        await runComplaintsBench({ quick });
        if (serverUrl) await runComplaintsBench({ quick, serverUrl });
      },
    },
    {
      name: 'automation',
      async run({ quick }) {
        const { runAutomationBench } = await import('./automation.bench.ts');
        await runAutomationBench({ quick });
      },
    },
    {
      name: 'chat',
      async run({ quick, serverUrl }) {
        const { runChatBench } = await import('./chat.bench.ts');
        await runChatBench({ quick, serverUrl });
      },
    },
    {
      name: 'mail',
      async run({ quick, serverUrl }) {
        const { runMailBench } = await import('./mail.bench.ts');
        await runMailBench({ quick, serverUrl });
      },
    },
    {
      name: 'web',
      async run() {
        const { measureBundle, formatBundleReport } = await import('../web/scripts/bundle-report.ts');
        const dist = fileURLToPath(new URL('../web/dist/', import.meta.url));
        if (!existsSync(dist)) {
          console.log('\n## Web app bundle\n  (web/dist missing: run `npm run build:web` first)');
          return;
        }
        console.log('\n## Web app bundle');
        const report = measureBundle(dist);
        console.log(formatBundleReport(report));
        if (!report.withinBudget) process.exitCode = 1;
      },
    },
    {
      name: 'web-login',
      async run({ quick, serverUrl }) {
        const { measureLoginToInbox, printLoginToInbox } = await import('../web/scripts/web.bench.ts');
        // A real browser signs in and waits for an interactive inbox over the seeded tickets.
        printLoginToInbox(await measureLoginToInbox({ tickets: quick ? 300 : 100_000, serverUrl }));
      },
    },
  ];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
