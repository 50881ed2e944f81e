import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, type BigIntStats } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/**
 * Durability of the embedded database.
 *
 * PGlite runs PostgreSQL with fsync off, and its Node file system (Emscripten NODEFS) has no fsync
 * anyway; but every write PostgreSQL issues is a synchronous `fs.writeSync` on the real file, and a
 * commit writes its WAL before the query resolves. So the OS page cache holds every acknowledged commit:
 * a killed process (`kill -9`, a crash) loses nothing, and PostgreSQL's crash recovery replays the WAL
 * at the next start. Only an OS crash or power cut can lose what the page cache had not written yet.
 *
 * `DataDirFlusher.flush()` narrows that window: it fsyncs every file and directory that changed since
 * the previous flush. The kernel calls it every KEFU_FSYNC_INTERVAL_MS and at shutdown, so an OS crash
 * loses at most the commits of the last interval. It runs synchronously, so PGlite (same thread) cannot
 * write in the middle: the fsynced files form one point-in-time image, the same state a `kill -9` at that
 * instant would leave, which recovery knows how to open. The order follows PostgreSQL's own write-ahead
 * rule, in case the OS crashes during a flush: WAL first, then data files, then directories, and the
 * control file (which names the checkpoint to recover from) last.
 *
 * Residual risk: between flushes nothing orders the writes on disk, so if the OS wrote back part of them
 * on its own just before crashing, recovery could meet a data page newer than its WAL. Linux waits about
 * 30 s before writing back dirty pages by itself, so with a flush every second this is unlikely, not
 * impossible. Production belongs on a PostgreSQL server, which fsyncs every commit. (Per-commit fsync in
 * PGlite is possible — no `-F`, wal_sync_method=fsync, an fsync added to its NODEFS — but was measured at
 * 4.0 ms per commit instead of 1.4 ms, and depends on Emscripten internals.)
 */

export interface FlushStats {
  files: number;
  directories: number;
  /** Files and directories looked at. */
  scanned: number;
  ms: number;
}

interface Entry {
  path: string;
  isDirectory: boolean;
  signature: string;
  mtimeMs: number;
}

/**
 * File timestamps come from the kernel's coarse clock, which can lag `Date.now()` by a tick (≤ 10 ms),
 * and a write landing in the same tick as a flush leaves mtime and size unchanged. So a file touched
 * shortly before the previous flush started is fsynced once more.
 */
const HOT_MARGIN_MS = 100;

const CONTROL_FILE = join('global', 'pg_control');

export class DataDirFlusher {
  readonly #root: string;
  /** What each file looked like when it was last fsynced. */
  readonly #synced = new Map<string, string>();
  #previousStart = Number.NEGATIVE_INFINITY;

  constructor(root: string) {
    this.#root = root;
  }

  /**
   * Fsyncs what changed since the previous call (everything on the first call). Synchronous on
   * purpose: nothing can write while it runs, so what it syncs is one consistent image.
   */
  flush(): FlushStats {
    const startedAt = Date.now();
    const began = performance.now();
    const { entries, changed } = this.#collect();
    let files = 0;
    let directories = 0;
    for (const entry of changed) {
      if (!syncPathNow(entry.path, entry.isDirectory)) continue;
      this.#synced.set(entry.path, entry.signature);
      if (entry.isDirectory) directories++;
      else files++;
    }
    this.#forgetRemoved(entries);
    this.#previousStart = startedAt;
    return { files, directories, scanned: entries.length, ms: performance.now() - began };
  }

  /**
   * Fsyncs everything, in parallel on the thread pool. For opening time only, when nothing else uses
   * the database yet: a previous process killed with unsynced writes left them in the page cache, and
   * a fresh initdb writes a thousand files, too many to sync while the event loop waits.
   */
  async flushAll(): Promise<FlushStats> {
    const startedAt = Date.now();
    const began = performance.now();
    this.#synced.clear();
    const { entries, changed } = this.#collect();
    const counts = { files: 0, directories: 0 };
    // Same order as flush(); the entries of one rank are independent of each other.
    for (let rank = 1; rank <= 5; rank++) {
      const group = changed.filter((entry) => this.#rank(entry) === rank);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < group.length) {
          const entry = group[next++]!;
          if (!(await syncPath(entry.path, entry.isDirectory))) continue;
          this.#synced.set(entry.path, entry.signature);
          counts[entry.isDirectory ? 'directories' : 'files']++;
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    }
    this.#previousStart = startedAt;
    return { ...counts, scanned: entries.length, ms: performance.now() - began };
  }

  #collect(): { entries: Entry[]; changed: Entry[] } {
    const entries: Entry[] = [];
    this.#scan(this.#root, entries);
    const changed = entries.filter((entry) => this.#synced.get(entry.path) !== entry.signature || entry.mtimeMs >= this.#previousStart - HOT_MARGIN_MS);
    changed.sort((a, b) => this.#rank(a) - this.#rank(b));
    return { entries, changed };
  }

  /** Write-ahead order: WAL, data files, directories, the control file, the root last. */
  #rank(entry: Entry): number {
    const name = relative(this.#root, entry.path);
    if (name === CONTROL_FILE) return 4;
    if (entry.isDirectory) return entry.path === this.#root ? 5 : 3;
    return name.startsWith(`pg_wal${sep}`) ? 1 : 2;
  }

  /** Forgets files PostgreSQL removed (dropped relations, recycled WAL) so the map does not grow. */
  #forgetRemoved(entries: Entry[]): void {
    if (this.#synced.size <= entries.length) return;
    const present = new Set(entries.map((entry) => entry.path));
    for (const path of this.#synced.keys()) if (!present.has(path)) this.#synced.delete(path);
  }

  #scan(directory: string, into: Entry[]): void {
    const self = statQuietly(directory);
    if (!self) return;
    into.push({ path: directory, isDirectory: true, signature: signatureOf(self), mtimeMs: Number(self.mtimeMs) });
    let names: string[];
    try {
      names = readdirSync(directory);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(directory, name);
      const stats = statQuietly(path);
      if (!stats) continue;
      if (stats.isDirectory()) this.#scan(path, into);
      else if (stats.isFile()) into.push({ path, isDirectory: false, signature: signatureOf(stats), mtimeMs: Number(stats.mtimeMs) });
    }
  }
}

function signatureOf(stats: BigIntStats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

function statQuietly(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true });
  } catch {
    // Removed between readdir and stat: PostgreSQL deleted it, nothing to make durable.
    return undefined;
  }
}

/**
 * Returns false when the path vanished meanwhile. Other errors (EIO) are real and thrown, except a
 * directory the platform cannot fsync (Windows), where the entries are as durable as it allows anyway.
 */
function syncPathNow(path: string, isDirectory: boolean): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch (error) {
    return ignoreSyncError(error, isDirectory);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return true;
}

function ignoreSyncError(error: unknown, isDirectory: boolean): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return false;
  if (isDirectory && (code === 'EISDIR' || code === 'EPERM' || code === 'EACCES' || code === 'EINVAL')) return true;
  throw error;
}

async function syncPath(path: string, isDirectory: boolean): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch (error) {
    return ignoreSyncError(error, isDirectory);
  } finally {
    await handle?.close();
  }
  return true;
}

/** Data directories this process holds, to tell its own lock from one left by a previous process with the same pid. */
const heldLocks = new Set<string>();

/**
 * Makes one process at a time open an embedded data directory. PGlite does not check (its PostgreSQL
 * runs with a fake pid), and two instances writing the same files corrupt them: `kefu export` while
 * `kefu serve` runs would do exactly that. The lock is a file next to the directory holding the owner's
 * pid; a lock whose process is gone (kill -9, power cut) is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
  const key = resolve(lockFile);
  if (heldLocks.has(key)) throw new DataDirLockedError(dataDir, process.pid, lockFile);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const owner = Number.parseInt(readFileQuietly(lockFile), 10);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isProcessAlive(owner)) throw new DataDirLockedError(dataDir, owner, lockFile);
    // Stale: its process is gone, or it is ours from before a restart that reused the pid (containers).
    rmSync(lockFile, { force: true });
  }
  heldLocks.add(key);
  return () => {
    if (!heldLocks.delete(key)) return;
    rmSync(lockFile, { force: true });
  };
}

export class DataDirLockedError extends Error {
  constructor(dataDir: string, pid: number, lockFile: string) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid} (a running "kefu serve"?). ` +
        `Stop that process first. If no Kefu process is running, delete ${lockFile}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

function readFileQuietly(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
