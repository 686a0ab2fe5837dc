import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outboundPolicy } from './address-rule';
import { outboundClient } from './post-outbound';

describe('outboundClient against a receiver on loopback', () => {
  let server: Server;
  let base: string;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.url === '/ok') return res.writeHead(204).end();
        if (req.url === '/redirect') return res.writeHead(302, { location: '/ok' }).end();
        if (req.url === '/slow') return setTimeout(() => res.writeHead(200).end(), 2_000);
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`internal detail: ${body}`);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (hits.length = 0));

  const req = (path: string, timeoutMs = 5_000) => ({ url: `${base}${path}`, headers: { 'webhook-id': 'n1' }, body: '{"a":1}', timeoutMs });

  it('delivers with private addresses allowed, and keeps only status and reason of a failure', async () => {
    const client = outboundClient(outboundPolicy({ allowPrivate: true }));
    try {
      expect(await client.post(req('/ok'))).toMatchObject({ ok: true, statusCode: 204, error: null });
      const failed = await client.post(req('/fail'));
      expect(failed).toMatchObject({ ok: false, statusCode: 500, error: 'HTTP 500 Internal Server Error' });
      expect(failed.error).not.toContain('internal detail');
      expect(await client.post(req('/redirect'))).toMatchObject({ ok: false, statusCode: 302 });
      expect(hits).toEqual(['/ok', '/fail', '/redirect']);
      expect(await client.post(req('/slow', 200))).toMatchObject({ ok: false, error: 'timeout after 200 ms' });
    } finally {
      await client.close();
    }
  });

  it('refuses loopback and private addresses by the rule without sending anything', async () => {
    const client = outboundClient(outboundPolicy({}));
    try {
      expect(await client.post(req('/ok'))).toMatchObject({ ok: false, error: 'must be an https URL' });
      expect(await client.post({ ...req('/ok'), url: `https://127.0.0.1:${new URL(base).port}/ok` })).toMatchObject({
        ok: false,
        error: 'address not allowed',
      });
      expect(hits).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('checks the address each connection resolves to (a name that turns private is refused before connecting)', async () => {
    const resolved: string[] = [];
    // The resolver answers a private address for a public-looking name: DNS rebinding. No socket is opened.
    const client = outboundClient(outboundPolicy({}), {
      resolver: async (host) => {
        resolved.push(host);
        return [
          { address: '93.184.215.14', family: 4 },
          { address: '10.0.0.7', family: 4 },
        ];
      },
    });
    try {
      const r = await client.post({ ...req('/ok'), url: 'https://bank-gateway.example/hooks' });
      expect(r).toMatchObject({ ok: false, statusCode: null, error: 'address not allowed' });
      expect(resolved).toEqual(['bank-gateway.example']);
    } finally {
      await client.close();
    }
  });

  it('connects through the guarded lookup to an allowed range', async () => {
    const port = new URL(base).port;
    const client = outboundClient(outboundPolicy({ allowPrivate: true }), {
      resolver: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    try {
      expect(await client.post({ ...req('/ok'), url: `http://bank.test:${port}/ok` })).toMatchObject({ ok: true, statusCode: 204 });
    } finally {
      await client.close();
    }
  });
});
