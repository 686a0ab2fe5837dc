import { TestApp, auth } from './test-app';
let t: TestApp;
beforeAll(async () => { t = await TestApp.start('smoke'); });
afterAll(async () => { await t?.stop(); });
it('boots', async () => {
  const r = await t.http().get('/api/users').set(auth(t.adminToken));
  console.log(r.status, r.headers['content-range'], JSON.stringify(r.body));
  const r2 = await t.http().post('/api/banks').set(auth(t.adminToken)).send({ code: 'icbc', name: 'ICBC', webhookUrl: 'http://127.0.0.1:4010/hook' });
  console.log(r2.status, JSON.stringify(r2.body));
});
