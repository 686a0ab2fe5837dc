import { ALERT_TYPES } from '@sentinel/contracts';
import { SecretBox, outboundPolicy } from '@sentinel/outbound';
import { endpointAad } from '@sentinel/persistence';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

const DINGTALK = 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef';
const WHSEC = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

/** The caller's alert channels (docs/api.md "Alert channels"): preferences, robots under the outbound rule, tests, the log. */
describe('Alert channels (API end to end)', () => {
  let t: TestApp;
  let sup: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    // Private addresses NOT allowed here: the production rule.
    t = await TestApp.start('alert-channels', { outboundPolicy: outboundPolicy({ allowPrivate: false }), smtpConfigured: true });
    [sup, other] = await Promise.all([t.createUser('supervisor'), t.createUser('analyst')]);
  });
  afterAll(() => t?.stop());

  const put = (u: TestUser, path: string, body: object) => t.http().put(path).set(auth(u.token)).send(body);

  it('should answer defaults before anything is saved: every alert type, the console only', async () => {
    const res = await t.http().get('/api/me/alert-preferences').set(auth(sup.token)).expect(200);
    expect(res.body).toMatchObject({ digestMinutes: 0, email: { address: sup.email, available: true }, robots: [], updatedAt: null });
    expect(res.body.routes).toHaveLength(ALERT_TYPES.length);
    expect(res.body.routes[0]).toEqual({ type: 'sla.warning', channels: [] });
  });

  it('should save routes and the digest window, taking back what GET answered, and audit it', async () => {
    const current = (await t.http().get('/api/me/alert-preferences').set(auth(sup.token)).expect(200)).body;
    current.digestMinutes = 15;
    current.routes[1].channels = ['dingtalk', 'email', 'email'];
    const res = await put(sup, '/api/me/alert-preferences', current).expect(200);
    expect(res.body.digestMinutes).toBe(15);
    expect(res.body.routes[1]).toEqual({ type: 'sla.breached', channels: ['email', 'dingtalk'] });
    const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'alert_preferences.updated' AND actor_id = $1`, [sup.id]);
    expect(ev.data).toMatchObject({ digestMinutes: 15, routes: { 'sla.breached': ['email', 'dingtalk'] } });
    // another user still has the defaults
    expect((await t.http().get('/api/me/alert-preferences').set(auth(other.token)).expect(200)).body.digestMinutes).toBe(0);
  });

  it.each([
    ['a window not offered', { digestMinutes: 7, routes: [] }, 'digestMinutes', 'NOT_ALLOWED'],
    ['an unknown alert type', { digestMinutes: 0, routes: [{ type: 'sla.late', channels: [] }] }, 'routes.0.type', 'NOT_ALLOWED'],
    ['an unknown channel', { digestMinutes: 0, routes: [{ type: 'sla.breached', channels: ['sms'] }] }, 'routes.0.channels', 'NOT_ALLOWED'],
    ['a type listed twice', { digestMinutes: 0, routes: [{ type: 'sla.breached', channels: [] }, { type: 'sla.breached', channels: ['email'] }] }, 'routes.1.type', 'INVALID'],
  ])('should refuse %s with 422 on the field', async (_, body, field, code) => {
    const p = expectProblem(await put(sup, '/api/me/alert-preferences', body), 422, 'VALIDATION.FAILED');
    expect(p.fieldCodes[field]).toBe(code);
  });

  it('should store a robot URL and secret sealed, show only a hint, and keep the secret when it is left out', async () => {
    const res = await put(sup, '/api/me/alert-channels/dingtalk', { url: DINGTALK, secret: 'SEC0123456789' }).expect(200);
    expect(res.body).toMatchObject({ channel: 'dingtalk', urlHint: 'https://oapi.dingtalk.com/…cdef', secretSet: true });
    const [row] = await t.ds.query(`SELECT url_sealed, secret_sealed FROM alert_endpoints WHERE user_id = $1`, [sup.id]);
    expect(row.url_sealed).not.toContain('access_token');
    expect(new SecretBox(Buffer.alloc(32, 'sentinel-sn-development-key-only')).open(row.url_sealed, endpointAad(sup.id, 'dingtalk', 'url'))).toBe(DINGTALK);
    expect((await put(sup, '/api/me/alert-channels/dingtalk', { url: DINGTALK }).expect(200)).body.secretSet).toBe(true);
    const prefs = (await t.http().get('/api/me/alert-preferences').set(auth(sup.token)).expect(200)).body;
    expect(JSON.stringify(prefs)).not.toContain('0123456789abcdef');
    expect(prefs.robots).toEqual([expect.objectContaining({ channel: 'dingtalk', secretSet: true })]);
    const [ev] = await t.ds.query(`SELECT data FROM system_events WHERE action = 'alert_channel.saved' AND actor_id = $1 LIMIT 1`, [sup.id]);
    expect(JSON.stringify(ev.data)).not.toMatch(/access_token|SEC0123/);
  });

  it.each([
    ['a loopback address', 'https://127.0.0.1:8443/hook', 'NOT_ALLOWED', 'address not allowed'],
    ['a private address', 'https://10.1.2.3/hook', 'NOT_ALLOWED', 'address not allowed'],
    ['localhost', 'https://localhost/hook', 'NOT_ALLOWED', 'address not allowed'],
    ['plain http', 'http://hooks.example.com/x', 'PATTERN', 'must be an https URL'],
    ['not a URL', 'hooks.example.com', 'PATTERN', 'not an absolute URL'],
  ])('should refuse %s under the outbound rule (422 on url)', async (_, url, code, message) => {
    const p = expectProblem(await put(sup, '/api/me/alert-channels/webhook', { url }), 422, 'VALIDATION.FAILED');
    expect(p.fieldCodes).toEqual({ url: code });
    expect(p.errors.url).toBe(message);
  });

  it('should check secrets by channel and answer 404 for an unknown channel', async () => {
    expect(expectProblem(await put(sup, '/api/me/alert-channels/webhook', { url: 'https://hooks.example.com/x', secret: 'short' }), 422).fieldCodes).toEqual({ secret: 'PATTERN' });
    await put(sup, '/api/me/alert-channels/webhook', { url: 'https://hooks.example.com/x', secret: WHSEC }).expect(200);
    expectProblem(await put(sup, '/api/me/alert-channels/sms', { url: 'https://hooks.example.com/x' }), 404, 'NOT_FOUND');
  });

  it('should open a test delivery the caller then sees in the delivery log (and no one else does)', async () => {
    const res = await t.http().post('/api/me/alert-channels/dingtalk/test').set(auth(sup.token)).expect(202);
    expect(res.body).toMatchObject({ channel: 'dingtalk', kind: 'test', status: 'pending', attemptCount: 0, alertCount: 0, lastError: null });
    const log = await t.http().get('/api/me/alert-deliveries').set(auth(sup.token)).expect(200);
    expect(log.headers['content-range']).toBe('alert-deliveries 0-0/1');
    expect(log.body[0].id).toBe(res.body.id);
    expect((await t.http().get('/api/me/alert-deliveries').query({ filter: JSON.stringify({ id: [res.body.id] }) }).set(auth(other.token)).expect(200)).body).toEqual([]);
    expectProblem(await t.http().post('/api/me/alert-channels/feishu/test').set(auth(sup.token)), 404, 'NOT_FOUND');
  });

  it('should remove a robot (404 the second time) and keep intake clients out', async () => {
    await t.http().delete('/api/me/alert-channels/webhook').set(auth(sup.token)).expect(204);
    expectProblem(await t.http().delete('/api/me/alert-channels/webhook').set(auth(sup.token)), 404, 'NOT_FOUND');
    const intake = await t.createUser('intake');
    expectProblem(await t.http().get('/api/me/alert-preferences').set(auth(intake.token)), 403, 'AUTH.FORBIDDEN');
  });
});
