/**
 * `kefu mail import <files|mbox…> --workspace SLUG`: loads mail kept elsewhere (single .eml files, mbox files, or
 * folders of them) through the path of the SMTP listener — raw stored first, de-duplicated, then filed — and prints
 * what became of it. Mail is filed as sent to the workspace's first active address.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createKernel } from '../kernel.ts';
import { systemActor } from '../platform/actor.ts';
import type { Config } from '../platform/config.ts';
import { flagString } from './args.ts';
import { createProgressBar } from './progress.ts';

export interface MailImportSummary {
  newTickets: number;
  joined: number;
  duplicates: number;
  automated: number;
  failed: { source: string; reason: string }[];
}

/** The messages of one file: an mbox is split at its `From ` lines (with `>From ` unquoted); anything else is one message. */
export function splitMessages(content: Buffer): Buffer[] {
  if (!content.subarray(0, 5).equals(Buffer.from('From '))) return [content];
  const text = content.toString('latin1');
  const parts = text.split(/\r?\n(?=From [^\r\n]*\r?\n)/);
  return parts.map((part) => Buffer.from(part.replace(/^From [^\n]*\n/, '').replace(/^>(>*From )/gm, '$1'), 'latin1')).filter((part) => part.length > 0);
}

async function listFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  // A folder of fixtures or an export keeps notes beside the mail (README.md, manifest.csv): only mail is read.
  const nested = await Promise.all(entries.filter((entry) => !entry.name.startsWith('.') && !/\.(md|csv)$/i.test(entry.name)).map((entry) => listFiles(join(path, entry.name))));
  return nested.flat().sort();
}

export async function runMailImport(config: Config, paths: string[], flags: Record<string, string | true>): Promise<MailImportSummary> {
  const slug = flagString(flags, 'workspace');
  if (!slug || paths.length === 0) throw new Error('Usage: kefu mail import <files|mbox|folders…> --workspace SLUG');
  const files = (await Promise.all(paths.map(listFiles))).flat();
  const kernel = await createKernel({ config, runWorkers: false });
  const summary: MailImportSummary = { newTickets: 0, joined: 0, duplicates: 0, automated: 0, failed: [] };
  try {
    const workspace = await kernel.services.workspaces.findWorkspaceBySlug(slug);
    if (!workspace) throw new Error(`No workspace with the slug ${slug}`);
    const email = kernel.services.channels.email;
    const mailbox = (await email.listMailboxes(systemActor(workspace.id))).find((candidate) => candidate.isActive);
    if (!mailbox) throw new Error(`Workspace ${slug} has no active e-mail address to file the mail as (Administration → E-mail)`);
    const [routed] = await email.findMailboxes([mailbox.address]);
    const messages = (await Promise.all(files.map(async (file) => splitMessages(await readFile(file)).map((raw, index, all) => ({ source: all.length > 1 ? `${file}#${index + 1}` : file, raw }))))).flat();
    const progress = createProgressBar('Importing mail');
    let done = 0;
    for (const { source, raw } of messages) {
      try {
        const { ids, duplicates } = await email.receive({ raw, mailboxes: [routed!], envelopeFrom: null, remoteAddress: 'import' });
        if (duplicates > 0) summary.duplicates += 1;
        else {
          for (const id of ids) await email.processOne(workspace.id, id);
          const [row] = await kernel.db.query<{ outcome: string | null; automated: string | null; status: string; last_error: string | null }>(
            `SELECT outcome, automated, status, last_error FROM email_inbound WHERE workspace_id = $1 AND id = $2`,
            [workspace.id, ids[0]],
          );
          if (row?.automated) summary.automated += 1;
          else if (row?.outcome === 'ticket_created') summary.newTickets += 1;
          else if (row?.outcome === 'message_added' || row?.outcome === 'note_added') summary.joined += 1;
        }
      } catch (error) {
        summary.failed.push({ source, reason: error instanceof Error ? error.message : String(error) });
      }
      progress(++done, messages.length);
    }
  } finally {
    await kernel.close();
  }
  console.log(`New tickets: ${summary.newTickets}\nJoined existing tickets: ${summary.joined}\nDuplicates: ${summary.duplicates}\nAuto-replies, bounces and list mail (stored, not answered): ${summary.automated}\nFailed: ${summary.failed.length}`);
  for (const failure of summary.failed) console.log(`  ${failure.source}: ${failure.reason}`);
  return summary;
}
