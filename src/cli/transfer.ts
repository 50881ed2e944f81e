import { join } from 'node:path';
import type { Config } from '../platform/config.ts';
import { openDb } from '../platform/db.ts';
import { attachmentsDirOf } from '../platform/storage/index.ts';
import { exportWorkspace, importWorkspace, type TransferSummary } from '../platform/transfer/index.ts';
import { flagString } from './args.ts';

/** `kefu export --workspace SLUG --out FILE` and `kefu import --file FILE`, on the database the config names. */
export async function runTransfer(config: Config, command: 'export' | 'import', flags: Record<string, string | true>): Promise<void> {
  const usage = command === 'export' ? 'Usage: kefu export --workspace SLUG --out FILE' : 'Usage: kefu import --file FILE';
  const slug = flagString(flags, 'workspace');
  const file = flagString(flags, command === 'export' ? 'out' : 'file');
  if (!file || (command === 'export' && !slug)) throw new Error(usage);
  // The transfer file carries the attachment files of the local store; reading from or writing to a bucket is
  // not built yet, and an export that silently left the files out would look complete.
  if (config.KEFU_ATTACHMENT_STORE !== 'local') {
    throw new Error(`kefu ${command} moves attachments of the local store only (KEFU_ATTACHMENT_STORE=local); this node uses ${config.KEFU_ATTACHMENT_STORE}.`);
  }

  const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: join(config.DATA_DIR, 'pglite'), poolSize: 4 });
  const attachmentsDir = attachmentsDirOf(config);
  let summary: TransferSummary;
  try {
    summary =
      command === 'export'
        ? await exportWorkspace({ db, slug: slug!, file, attachmentsDir })
        : await importWorkspace({ db, file, attachmentsDir });
  } finally {
    await db.close();
  }
  const what = `workspace "${summary.workspace.slug}": ${summary.rows} rows in ${summary.tables} tables, ${summary.files} attachment file(s)`;
  console.log(command === 'export' ? `Exported ${what} to ${file}` : `Imported ${what} from ${file}`);
}
