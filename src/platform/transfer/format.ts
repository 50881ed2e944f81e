/**
 * The workspace export file and its reading. The file is JSON lines: a header (format version, migrations), then per
 * table its columns and batches of rows, in foreign-key order; then the workspace's attachment files in base64
 * chunks; then an end record with counts, so a truncated file is detected before anything is written.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

export const EXPORT_FORMAT = 'kefu-workspace-export';
export const EXPORT_VERSION = 1;

/** A problem the operator can act on; the CLI prints the message alone. */
export class TransferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransferError';
  }
}

export type Value = string | null;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface HeaderRecord {
  type: 'header';
  format: string;
  version: number;
  exportedAt: string;
  source: { database: string; serverVersion: string };
  migrations: string[];
  workspace: { id: string; slug: string; name: string };
}
export interface TableRecord {
  type: 'table';
  name: string;
  columns: string[];
  types: string[];
}
export interface RowsRecord {
  type: 'rows';
  table: string;
  rows: Value[][];
}
export interface FileRecord {
  type: 'file';
  path: string;
  size: number;
}
export interface DataRecord {
  type: 'data';
  path: string;
  base64: string;
}
export interface FileEndRecord {
  type: 'file-end';
  path: string;
  sha256: string;
}
export interface EndRecord {
  type: 'end';
  tables: Record<string, number>;
  files: number;
}
export type TransferRecord = HeaderRecord | TableRecord | RowsRecord | FileRecord | DataRecord | FileEndRecord | EndRecord;

export interface TransferSummary {
  workspace: { id: string; slug: string; name: string };
  tables: number;
  rows: number;
  files: number;
  fileBytes: number;
}

// Reading a file: one pass (scanFile) validates everything before the database is touched, one (import.ts) loads.

export async function* readRecords(file: string): AsyncGenerator<{ record: TransferRecord; line: number }> {
  if (!existsSync(file)) throw new TransferError(`${file} does not exist.`);
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch {
        throw new TransferError(`${file}, line ${line}: not valid JSON (the file is damaged or not a Kefu export).`);
      }
      if (typeof record !== 'object' || record === null || typeof (record as { type?: unknown }).type !== 'string') {
        throw new TransferError(`${file}, line ${line}: not a Kefu export record.`);
      }
      yield { record: record as TransferRecord, line };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

export interface ScannedFile {
  header: HeaderRecord;
  tables: TableRecord[];
  counts: Map<string, number>;
  files: number;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isSafeRelativePath = (path: unknown): path is string =>
  typeof path === 'string' && path.length > 0 && !path.startsWith('/') && !path.includes('\\') && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');

/** Checks the whole file: structure, row widths, counts against the end record, file checksums. */
export async function scanFile(file: string): Promise<ScannedFile> {
  let header: HeaderRecord | undefined;
  let current: TableRecord | undefined;
  let openFile: { path: string; size: number; received: number; hash: ReturnType<typeof createHash> } | undefined;
  let end: EndRecord | undefined;
  const tables: TableRecord[] = [];
  const counts = new Map<string, number>();
  const paths = new Set<string>();
  let files = 0;
  for await (const { record, line } of readRecords(file)) {
    const fail = (problem: string): never => {
      throw new TransferError(`${file}, line ${line}: ${problem}`);
    };
    if (!header) {
      if (record.type !== 'header' || record.format !== EXPORT_FORMAT) fail('this is not a Kefu workspace export (no header).');
      const candidate = record as HeaderRecord;
      if (typeof candidate.version !== 'number' || candidate.version > EXPORT_VERSION) fail(`export format version ${candidate.version} is newer than this Kefu understands (${EXPORT_VERSION}); upgrade Kefu.`);
      if (!isStringArray(candidate.migrations)) fail('the header has no migration list.');
      const ws = candidate.workspace as Partial<HeaderRecord['workspace']> | undefined;
      if (!ws || typeof ws.id !== 'string' || !UUID.test(ws.id) || typeof ws.slug !== 'string' || typeof ws.name !== 'string') fail('the header names no valid workspace.');
      header = candidate;
      continue;
    }
    if (end) fail('data after the end record.');
    if (openFile && record.type !== 'data' && record.type !== 'file-end') fail(`attachment ${openFile.path} is cut short.`);
    switch (record.type) {
      case 'table': {
        if (typeof record.name !== 'string' || !isStringArray(record.columns) || !isStringArray(record.types) || record.columns.length !== record.types.length) fail('malformed table record.');
        if (counts.has(record.name)) fail(`table ${record.name} appears twice.`);
        if (files > 0) fail('table data after the attachments.');
        current = record;
        tables.push(record);
        counts.set(record.name, 0);
        break;
      }
      case 'rows': {
        if (!current || record.table !== current.name) fail('rows outside their table.');
        if (!Array.isArray(record.rows)) fail('malformed rows record.');
        for (const row of record.rows) {
          if (!Array.isArray(row) || row.length !== current!.columns.length || !row.every((value) => value === null || typeof value === 'string')) {
            fail(`a row of ${current!.name} does not match its ${current!.columns.length} columns.`);
          }
        }
        counts.set(current!.name, counts.get(current!.name)! + record.rows.length);
        break;
      }
      case 'file': {
        if (!isSafeRelativePath(record.path) || paths.has(record.path)) fail('bad or repeated attachment path.');
        if (typeof record.size !== 'number' || record.size < 0) fail('bad attachment size.');
        paths.add(record.path);
        openFile = { path: record.path, size: record.size, received: 0, hash: createHash('sha256') };
        break;
      }
      case 'data': {
        if (!openFile || record.path !== openFile.path || typeof record.base64 !== 'string') fail('attachment data outside its file.');
        const bytes = Buffer.from(record.base64, 'base64');
        openFile!.received += bytes.length;
        openFile!.hash.update(bytes);
        break;
      }
      case 'file-end': {
        if (!openFile || record.path !== openFile.path) fail('attachment end outside its file.');
        if (openFile!.received !== openFile!.size || openFile!.hash.digest('hex') !== record.sha256) fail(`attachment ${openFile!.path} is damaged (size or checksum differs).`);
        openFile = undefined;
        files++;
        break;
      }
      case 'end': {
        if (typeof record.tables !== 'object' || record.tables === null) fail('malformed end record.');
        end = record;
        break;
      }
      default:
        fail(`unknown record type ${JSON.stringify((record as { type: string }).type)}.`);
    }
  }
  if (!header) throw new TransferError(`${file} is empty.`);
  if (!end) throw new TransferError(`${file} is incomplete (no end record): the export was interrupted or the file was cut.`);
  const expected = Object.entries(end.tables);
  if (expected.length !== counts.size || expected.some(([name, count]) => counts.get(name) !== count) || end.files !== files) {
    throw new TransferError(`${file} is damaged: its row or file counts do not match its end record.`);
  }
  return { header, tables, counts, files };
}
