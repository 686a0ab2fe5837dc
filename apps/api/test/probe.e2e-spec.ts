import { auth, TestApp, type TestUser } from './test-app';
describe('probe', () => {
  let t: TestApp; let intake: TestUser;
  beforeAll(async () => { t = await TestApp.start('probe'); intake = await t.createUser('intake'); });
  afterAll(() => t?.stop());
  it('probes', async () => {
    const raw = (s: string, ct = 'application/json', extra: Record<string,string> = {}) => t.http().post('/api/reports').set(auth(intake.token)).set('Content-Type', ct).set(extra).send(s);
    const base = '"channel":"partner_api","misuseType":"other"';
    const probes: Array<[string, any]> = [
      ['deep array 100k', raw(`{"sn":"PROBE-000001",${base},"extra":${'['.repeat(100000)}${']'.repeat(100000)}}`)],
      ['deep desc 100k', raw(`{"sn":"PROBE-000001",${base},"description":${'['.repeat(100000)}${']'.repeat(100000)}}`)],
      ['deep obj 50k', raw(`{"sn":"PROBE-000001",${base},"reporter":${'{"a":'.repeat(50000)}1${'}'.repeat(50000)}}`)],
      ['proto', raw(`{"sn":"PROBE-000002",${base},"__proto__":{"x":1}}`)],
      ['constructor', raw(`{"sn":"PROBE-000003",${base},"constructor":{"prototype":{"x":1}}}`)],
      ['array body', raw(`[1,2]`)],
      ['string body', raw(`"x"`)],
      ['null body', raw(`null`)],
      ['empty body', raw(``)],
      ['utf7', raw(`{}`, 'application/json; charset=utf-7')],
      ['gzip garbage', raw(`{}`, 'application/json', { 'Content-Encoding': 'gzip' })],
      ['compress', raw(`{}`, 'application/json', { 'Content-Encoding': 'compress' })],
      ['text', raw(`hello`, 'text/plain')],
      ['tx null', raw(`{"sn":"PROBE-000004",${base},"transactions":[null]}`)],
      ['tx 1', raw(`{"sn":"PROBE-000004",${base},"transactions":[1]}`)],
      ['tx str', raw(`{"sn":"PROBE-000004",${base},"transactions":"x"}`)],
      ['amount arr', raw(`{"sn":"PROBE-000004",${base},"amountAtRisk":[]}`)],
      ['reporter str', raw(`{"sn":"PROBE-000004",${base},"reporter":"x"}`)],
      ['minor big', raw(`{"sn":"PROBE-000004",${base},"amountAtRisk":{"minor":1e400,"currency":"CNY"}}`)],
      ['sn obj', raw(`{"sn":{"$ne":1},${base}}`)],
      ['sn null', raw(`{"sn":null,${base}}`)],
      ['nested unknown', raw(`{"sn":"PROBE-000005",${base},"amountAtRisk":{"minor":1,"currency":"CNY","foo":1}}`)],
      ['tx unknown', raw(`{"sn":"PROBE-000005",${base},"transactions":[{"at":"2026-01-01T00:00:00Z","amount":{"minor":1,"currency":"CNY"},"maskedPan":"622848******1234","x":1}]}`)],
      ['lat', raw(`{"sn":"PROBE-000005",${base},"lastKnownLocation":{"lat":200}}`)],
      ['location str', raw(`{"sn":"PROBE-000005",${base},"lastKnownLocation":"x"}`)],
      ['received bad', raw(`{"sn":"PROBE-000005",${base},"receivedAt":"2026-02-30T00:00:00Z"}`)],
    ];
    for (const [name, p] of probes) { const r = await p; console.log(name, r.status, r.headers['content-type'], JSON.stringify(r.body).slice(0, 300)); }
    for (const [m, u] of [['put','/api/cases'],['delete','/api/cases'],['get','/api/nope'],['post','/api/nope'],['get','/api'],['patch','/api/cases/x'],['options','/api/cases']] as const) {
      const r = await (t.http() as any)[m](u).set(auth(intake.token)); console.log(m, u, r.status, r.headers['content-type'], JSON.stringify(r.body).slice(0,200));
    }
  });
});
