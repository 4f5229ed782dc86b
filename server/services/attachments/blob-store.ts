/**
 * Attachment bytes on disk, named by their SHA-256 (`<dataDir>/attachments/ab/abcd…`), so
 * the same bytes are stored once and a name always means the same content. Files appear
 * under their final name only complete: they are written to a temporary file in the same
 * folder, flushed to disk, then renamed (atomic within one file system).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { NotFoundError } from '../../domain/errors.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Prefix of temporary files; a crash can leave them behind, never under a final name. */
export const BLOB_TEMP_PREFIX = '.tmp-';

function isMissing(error: unknown): boolean {
  return (error as { code?: string }).code === 'ENOENT';
}

/** Flushes a folder so a rename or a new entry in it survives a power loss. */
async function syncFolder(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms and file systems cannot fsync a folder; the file itself is synced.
    const code = (error as { code?: string }).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

/** Builds the blob store over `<dataDir>/attachments`. */
export function createBlobStore(dataDir: string) {
  const root = join(dataDir, 'attachments');

  /** The final path of a blob. @throws Error for anything but 64 lower-case hex digits. */
  function pathOf(sha256: string): string {
    // The name becomes a path: accept nothing that could climb out of the folder.
    if (!SHA256_HEX.test(sha256)) throw new Error('A blob name is 64 lower-case hex digits.');
    return join(root, sha256.slice(0, 2), sha256);
  }

  async function exists(sha256: string): Promise<boolean> {
    try {
      return (await stat(pathOf(sha256))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  return {
    /** Where the blob of `sha256` lives (whether or not it exists). */
    pathOf,

    /** True when the blob is stored. */
    exists,

    /**
     * Stores `bytes` under their SHA-256; does nothing when that blob already exists.
     * Returns whether a new file was written.
     * @throws Error when `sha256` is not the hash of `bytes`.
     */
    async write(sha256: string, bytes: Uint8Array): Promise<{ created: boolean }> {
      const target = pathOf(sha256);
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) throw new Error(`Blob content does not match its name ${sha256}.`);
      if (await exists(sha256)) return { created: false };

      const folder = dirname(target);
      const firstCreated = await mkdir(folder, { recursive: true });
      if (firstCreated !== undefined) {
        // New folders must be recorded in their parents too, up to the one that existed.
        for (let dir = folder; dir.length >= firstCreated.length; dir = dirname(dir))
          await syncFolder(dirname(dir));
      }

      const temp = join(folder, `${BLOB_TEMP_PREFIX}${sha256}-${randomBytes(6).toString('hex')}`);
      try {
        const handle = await open(temp, 'wx', 0o640);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        // Two writers of the same bytes may race here: both renames leave identical content.
        await rename(temp, target);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
      await syncFolder(folder);
      return { created: true };
    },

    /**
     * A stream of the blob's bytes; the file is opened before returning, so a missing blob
     * is known before any response header is sent.
     * @throws NotFoundError when the blob is not stored.
     */
    async read(sha256: string): Promise<Readable> {
      try {
        const handle = await open(pathOf(sha256), 'r');
        return handle.createReadStream({ autoClose: true });
      } catch (error) {
        if (isMissing(error)) throw new NotFoundError('The attachment content is missing.');
        throw error;
      }
    },
  };
}

export type BlobStore = ReturnType<typeof createBlobStore>;
