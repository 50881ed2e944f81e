import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnScript } from '../../test/fixtures/spawn.ts';
import { openDb } from './db.ts';
import { DataDirFlusher, DataDirLockedError } from './durability.ts';

const temporary: string[] = [];
const makeTempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-durability-'));
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('DataDirFlusher', () => {
  it('fsyncs everything once, then only what changed', async () => {
    const root = makeTempDir();
    mkdirSync(join(root, 'base'));
    writeFileSync(join(root, 'base', 'a'), 'a');
    writeFileSync(join(root, 'base', 'b'), 'b');
    await sleep(150);
    const flusher = new DataDirFlusher(root);

    expect(flusher.flush()).toMatchObject({ files: 2, directories: 2, scanned: 4 });
    await sleep(150);
    expect(flusher.flush()).toMatchObject({ files: 0, directories: 0 });

    writeFileSync(join(root, 'base', 'a'), 'changed');
    await sleep(150);
    expect(flusher.flush()).toMatchObject({ files: 1, directories: 0 });

    writeFileSync(join(root, 'base', 'c'), 'new');
    rmSync(join(root, 'base', 'b'));
    await sleep(150);
    // The new file and its directory (entries added and removed); the removed file is forgotten.
    expect(flusher.flush()).toMatchObject({ files: 1, directories: 1, scanned: 4 });
  });

  it('fsyncs again a file written within the same clock tick as the previous flush', () => {
    const root = makeTempDir();
    writeFileSync(join(root, 'wal'), 'x');
    const flusher = new DataDirFlusher(root);
    flusher.flush();
    // Same size, and most likely the same coarse mtime: the signature alone could miss this write.
    writeFileSync(join(root, 'wal'), 'y');
    expect(flusher.flush().files).toBe(1);
  });

  it('tolerates a missing directory', () => {
    expect(new DataDirFlusher(join(makeTempDir(), 'absent')).flush()).toMatchObject({ files: 0, directories: 0 });
  });
});

describe('embedded PGlite durability', () => {
  it('checkpoints on request, so old WAL can be recycled and a restart replays little', async () => {
    const db = await openDb({ dataDir: join(makeTempDir(), 'pglite') });
    try {
      const redoPoint = async () => (await db.query<{ redo: string }>('SELECT redo_lsn::text AS redo FROM pg_control_checkpoint()'))[0]!.redo;
      await db.exec(`CREATE TABLE churn (id serial PRIMARY KEY, payload text); INSERT INTO churn (payload) SELECT repeat('x', 500) FROM generate_series(1, 2000)`);
      const before = await redoPoint();
      await db.checkpoint();
      const after = await redoPoint();
      expect(after).not.toBe(before);
      const compared = await db.query<{ ahead: boolean }>('SELECT $1::pg_lsn > $2::pg_lsn AS ahead', [after, before]);
      expect(compared[0]!.ahead).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('loses no acknowledged commit when the process is killed with SIGKILL', async () => {
    const dataDir = join(makeTempDir(), 'pglite');
    const acknowledged: number[] = [];
    // Two rounds: the second starts from a data directory that needed crash recovery.
    for (let round = 0; round < 2; round++) {
      const child = spawnScript('test/fixtures/commit-rows.ts', [dataDir]);
      await child.waitForLine((line) => line === 'ready');
      // A second process on the same files would corrupt them: the lock refuses it.
      if (round === 0) await expect(openDb({ dataDir })).rejects.toThrow(DataDirLockedError);
      const target = acknowledged.length + 150 + Math.floor(Math.random() * 100);
      const countAcks = (): number => child.lines.filter((line) => line.startsWith('ack ')).length;
      await child.waitForLine(() => acknowledged.length + countAcks() >= target);
      child.child.kill('SIGKILL');
      const { signal } = await child.exited;
      expect(signal).toBe('SIGKILL');
      for (const line of child.lines) if (line.startsWith('ack ')) acknowledged.push(Number(line.slice(4)));
    }

    const db = await openDb({ dataDir });
    try {
      const rows = await db.query<{ id: number; lines: number }>(
        `SELECT p.id, (SELECT count(*) FROM durability_probe_lines l WHERE l.probe_id = p.id)::int AS lines FROM durability_probe p`,
      );
      const stored = new Map(rows.map((row) => [row.id, row.lines]));
      const missing = acknowledged.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      // Each transaction is all-or-nothing, including the one in flight when the process died.
      expect(rows.filter((row) => row.lines !== 3)).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
      expect(stored.size).toBeLessThanOrEqual(acknowledged.length + 2);

      // The recovered database keeps working, and a flush in the middle of a transaction does not disturb it.
      await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO durability_probe (id, body) VALUES (-1, 'a')`);
        await db.flush();
        await tx.query(`INSERT INTO durability_probe (id, body) VALUES (-2, 'b')`);
      });
      await db.flush();
    } finally {
      await db.close();
    }
    const reopened = await openDb({ dataDir });
    try {
      expect(await reopened.query('SELECT id FROM durability_probe WHERE id < 0 ORDER BY id')).toEqual([{ id: -2 }, { id: -1 }]);
      // The lock also refuses a second opening inside one process.
      await expect(openDb({ dataDir })).rejects.toThrow(/in use by process/);
    } finally {
      await reopened.close();
    }
  });
});
