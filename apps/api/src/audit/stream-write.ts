import type { Response } from 'express';

/** Writes with back-pressure; rejects if the client went away. */
export function write(res: Response, chunk: string | Buffer): Promise<void> {
  if (res.destroyed) return Promise.reject(new Error('client disconnected'));
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', gone);
      resolve();
    };
    const gone = () => {
      res.off('drain', done);
      reject(new Error('client disconnected'));
    };
    res.once('drain', done);
    res.once('close', gone);
  });
}
