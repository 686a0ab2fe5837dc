import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export class TooLargeError extends Error {}

/** A storage key that is not the content address of the bytes it claims (a row changed behind the app's back). */
export class InvalidStorageKeyError extends Error {}

const KEY_RE = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/**
 * Checked before any read: the key must be exactly the content address `sha256/ab/cd/<sha256>` of the row's own
 * SHA-256, so a key pointed at another path (`../../etc/passwd`, another case's file) is refused, never joined.
 */
export function assertStorageKey(key: string, sha256: string): void {
  const m = KEY_RE.exec(key);
  if (!m || m[3] !== sha256 || m[1] !== sha256.slice(0, 2) || m[2] !== sha256.slice(2, 4)) {
    throw new InvalidStorageKeyError(`evidence storage key ${JSON.stringify(key.slice(0, 120))} is not the content address of ${sha256}`);
  }
}

/** Bytes received and hashed, still in the temp area: checked, then committed or discarded. */
export interface StagedFile {
  sha256: string;
  size: number;
  /** the first 4100 bytes, for media-type sniffing */
  head: Buffer;
  tmpPath: string;
}

/**
 * Content-addressed evidence storage on local disk: bytes live at `<dir>/sha256/ab/cd/<sha256>`, written once,
 * never overwritten (same bytes → same file). Uploads are staged in `<dir>/tmp` while hashing and only
 * committed once accepted, so refused bytes (wrong media type, a card number) are never kept.
 * An S3-compatible store can implement the same methods.
 */
export class EvidenceStorage {
  constructor(private readonly dir: string) {}

  /** Streams to a temp file while hashing and counting; throws TooLargeError past maxBytes (nothing kept). */
  async stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    const tmpDir = join(this.dir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmpPath = join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const headChunks: Buffer[] = [];
    let headLen = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > maxBytes) return cb(new TooLargeError(`larger than ${maxBytes} bytes`));
        hash.update(chunk);
        if (headLen < 4100) {
          headChunks.push(chunk.subarray(0, 4100 - headLen));
          headLen += Math.min(chunk.length, 4100 - headLen);
        }
        cb(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tmpPath, { flags: 'wx' }));
    } catch (e) {
      await rm(tmpPath, { force: true });
      throw e;
    }
    return { sha256: hash.digest('hex'), size, head: Buffer.concat(headChunks), tmpPath };
  }

  /** Reads a whole staged (text) file for content checks; callers bound the size. */
  readStaged(f: StagedFile): Promise<Buffer> {
    return readFile(f.tmpPath);
  }

  /** Moves accepted bytes to their content address (dropping the copy when those bytes are already stored). */
  async commit(f: StagedFile): Promise<string> {
    const key = join('sha256', f.sha256.slice(0, 2), f.sha256.slice(2, 4), f.sha256);
    const final = join(this.dir, key);
    await mkdir(join(this.dir, 'sha256', f.sha256.slice(0, 2), f.sha256.slice(2, 4)), { recursive: true });
    const exists = await stat(final).then(() => true, () => false);
    if (exists) await rm(f.tmpPath, { force: true });
    else await rename(f.tmpPath, final);
    return key;
  }

  /** Refused bytes are removed. */
  async discard(f: StagedFile | undefined): Promise<void> {
    if (f) await rm(f.tmpPath, { force: true });
  }

  /** The bytes at `key`, which must be the content address of `sha256` (assertStorageKey). */
  read(key: string, sha256: string): ReadStream {
    assertStorageKey(key, sha256);
    return createReadStream(join(this.dir, key));
  }
}
