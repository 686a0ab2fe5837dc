import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export class TooLargeError extends Error {}

/**
 * Content-addressed evidence storage on local disk: bytes live at `<dir>/sha256/ab/cd/<sha256>`, written once,
 * never overwritten (same bytes → same file). An S3-compatible store can implement the same three methods.
 */
export class EvidenceStorage {
  constructor(private readonly dir: string) {}

  /** Streams to a temp file while hashing and counting; throws TooLargeError past maxBytes. */
  async write(source: Readable, maxBytes: number): Promise<{ sha256: string; size: number; key: string; head: Buffer }> {
    const tmpDir = join(this.dir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
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
      await pipeline(source, meter, createWriteStream(tmp, { flags: 'wx' }));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    const sha256 = hash.digest('hex');
    const key = join('sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    const final = join(this.dir, key);
    await mkdir(join(this.dir, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
    const exists = await stat(final).then(() => true, () => false);
    if (exists) await rm(tmp, { force: true });
    else await rename(tmp, final);
    return { sha256, size, key, head: Buffer.concat(headChunks) };
  }

  read(key: string): ReadStream {
    return createReadStream(join(this.dir, key));
  }

  /** Reads a whole (text) file for content checks; callers bound the size. */
  async readAll(key: string): Promise<Buffer> {
    const fh = await open(join(this.dir, key), 'r');
    try {
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  }
}
