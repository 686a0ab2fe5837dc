import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback (smtp-server) that keeps every message it accepts. */
export async function startSmtp(): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((r) => server.close(() => r())) };
}

export interface ReceivedRequest {
  path: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Per path: how to answer (status and body), given how many requests that path had before. */
export type Reply = (n: number, req: ReceivedRequest) => { status: number; body: string };

/** A webhook receiver on loopback: records every request, answers per path (default 200 `{"errcode":0}`). */
export async function startReceiver(replies: Record<string, Reply> = {}): Promise<{ url: string; requests: ReceivedRequest[]; on(path: string): ReceivedRequest[]; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const r: ReceivedRequest = { path, url: req.url ?? '/', headers: req.headers, body };
      const n = requests.filter((x) => x.path === path).length;
      requests.push(r);
      const answer = replies[path]?.(n, r) ?? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (path) => requests.filter((r) => r.path === path),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
