import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** Where attachment bytes live. The local disk by default; an object store can implement the same. */
export interface AttachmentStore {
  put(key: string, data: Uint8Array): Promise<void>;
  open(key: string): Readable;
  remove(key: string): Promise<void>;
}

const SAFE_KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

/** Files under `<root>/<workspace>/<attachment id>`; keys are ids only, never user-chosen names. */
export function createDiskAttachmentStore(root: string): AttachmentStore {
  const pathOf = (key: string): string => {
    if (!SAFE_KEY.test(key)) throw new Error(`bad attachment key ${key}`);
    return join(root, key);
  };
  return {
    async put(key, data) {
      const path = pathOf(key);
      await mkdir(join(path, '..'), { recursive: true });
      // Written under a temporary name and renamed, so a reader never sees half a file.
      const temporary = `${path}.part`;
      await writeFile(temporary, data, { mode: 0o600 });
      await rename(temporary, path);
    },
    open(key) {
      return createReadStream(pathOf(key));
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
