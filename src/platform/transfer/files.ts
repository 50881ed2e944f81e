/** Durable file writes for both directions: close a stream, fsync a file or (where the platform can) a directory. */
import type { WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';

export async function closeStream(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function syncDirectory(path: string): Promise<void> {
  try {
    await syncFile(path);
  } catch {
    // Directories cannot be opened for fsync on every platform (Windows); the rename itself stands.
  }
}
