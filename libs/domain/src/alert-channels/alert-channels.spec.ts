import { createHmac } from 'node:crypto';
import { verifyWebhook } from '../webhooks';
import { buildAlertMessage, MESSAGE_MAX_LINES, type MessageAlert } from './alert-message';
import { dingTalkSign, feishuSign, robotReplyError, robotRequest, urlHint } from './robot-requests';
import { routeAlerts, type UserAlertRouting } from './route-alerts';

const NOW = new Date('2026-12-02T08:00:00.000Z');
const routing = (o: Partial<UserAlertRouting>): UserAlertRouting => ({
  digestMinutes: 0,
  routes: { 'sla.breached': ['email', 'wecom'] },
  reachable: new Set(['email', 'wecom']),
  ...o,
});

describe(routeAlerts.name, () => {
  it('should send each alert at once to every chosen and reachable channel of its user', () => {
    const out = routeAlerts(
      [
        { id: 'a1', userId: 'u1', type: 'sla.breached' },
        { id: 'a2', userId: 'u1', type: 'sla.warning' },
      ],
      new Map([['u1', routing({ reachable: new Set(['email']) })]]),
      NOW,
    );
    expect(out).toEqual([{ userId: 'u1', channel: 'email', alertIds: ['a1'], digest: false, sendAt: NOW }]);
  });

  it('should make a storm of alerts one digest per user and channel, sent at the end of the window', () => {
    const alerts = Array.from({ length: 50 }, (_, i) => ({ id: `a${i}`, userId: 'u1', type: 'sla.breached' as const }));
    const out = routeAlerts([...alerts, { id: 'b', userId: 'u2', type: 'sla.breached' }], new Map([['u1', routing({ digestMinutes: 15 })]]), NOW);
    expect(out.map((m) => [m.channel, m.alertIds.length, m.digest, m.sendAt.toISOString()])).toEqual([
      ['email', 50, true, '2026-12-02T08:15:00.000Z'],
      ['wecom', 50, true, '2026-12-02T08:15:00.000Z'],
    ]);
  });

  it('should send nothing beyond the console for a user without preferences', () => {
    expect(routeAlerts([{ id: 'a', userId: 'u9', type: 'sla.breached' }], new Map(), NOW)).toEqual([]);
  });
});

const alert = (i: number, over: Partial<MessageAlert> = {}): MessageAlert => ({
  id: `a${i}`,
  type: 'sla.breached',
  caseId: `c${i}`,
  caseReference: `SNC-2026-00000${i}`,
  stage: 'freeze',
  createdAt: NOW,
  ...over,
});

describe(buildAlertMessage.name, () => {
  it('should name the alert, its case, stage and time, in the user language, with a link to the case', () => {
    const en = buildAlertMessage({ kind: 'alert', alerts: [alert(1)], locale: 'en', consoleUrl: 'https://sn.bank.example/' });
    expect(en.title).toBe('Sentinel SN: SLA breached SNC-2026-000001');
    expect(en.text).toContain('SLA breached SNC-2026-000001 (stage: freeze) 2026-12-02T08:00:00Z https://sn.bank.example/#/cases/c1/show');
    expect(en.markdown).toContain('[SNC-2026-000001](https://sn.bank.example/#/cases/c1/show)');
    const zh = buildAlertMessage({ kind: 'alert', alerts: [alert(1)], locale: 'zh-CN' });
    expect(zh.title).toBe('Sentinel SN：SLA 超时 SNC-2026-000001');
    expect(zh.text).toContain('（阶段：冻结）');
  });

  it('should title a digest with its count and window and cap the lines it lists', () => {
    const m = buildAlertMessage({ kind: 'digest', alerts: Array.from({ length: 25 }, (_, i) => alert(i)), locale: 'en', digestMinutes: 15 });
    expect(m.title).toBe('Sentinel SN: 25 alerts in the last 15 min');
    expect(m.text.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(MESSAGE_MAX_LINES);
    expect(m.text).toContain('… +5');
  });
});

describe(robotRequest.name, () => {
  const message = buildAlertMessage({ kind: 'alert', alerts: [alert(1)], locale: 'en' });
  const base = { message, deliveryId: 'd-1', kind: 'alert' as const, alerts: [alert(1)], now: NOW };

  it('should post WeCom markdown to the robot URL as given', () => {
    const r = robotRequest({ ...base, target: { channel: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', secret: null } });
    expect(r.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k');
    expect(JSON.parse(r.body)).toEqual({ msgtype: 'markdown', markdown: { content: message.markdown } });
  });

  it('should sign DingTalk in the URL: timestamp in ms and base64 HMAC of "timestamp\\nsecret" keyed by the secret', () => {
    const r = robotRequest({ ...base, target: { channel: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SECabc' } });
    const u = new URL(r.url);
    expect(u.searchParams.get('access_token')).toBe('t');
    expect(u.searchParams.get('timestamp')).toBe(String(NOW.getTime()));
    const expected = createHmac('sha256', 'SECabc').update(`${NOW.getTime()}\nSECabc`).digest('base64');
    expect(u.searchParams.get('sign')).toBe(expected);
    expect(r.url).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(JSON.parse(r.body)).toEqual({ msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } });
    expect(dingTalkSign(NOW.getTime(), 'SECabc')).toBe(expected);
  });

  it('should sign Feishu in the body: timestamp in s, HMAC keyed by "timestamp\\nsecret" over nothing', () => {
    const r = robotRequest({ ...base, target: { channel: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', secret: 's3' } });
    const body = JSON.parse(r.body) as Record<string, unknown>;
    const ts = Math.floor(NOW.getTime() / 1000);
    expect(body).toEqual({ timestamp: String(ts), sign: createHmac('sha256', `${ts}\ns3`).digest('base64'), msg_type: 'text', content: { text: message.text } });
    expect(feishuSign(ts, 's3')).toBe(body.sign);
  });

  it('should sign the generic webhook with Standard Webhooks when a secret is set', () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const r = robotRequest({ ...base, target: { channel: 'webhook', url: 'https://hooks.example/x', secret } });
    expect(JSON.parse(r.body)).toMatchObject({ type: 'alerts', deliveryId: 'd-1', kind: 'alert', alerts: [{ id: 'a1', type: 'sla.breached', caseReference: 'SNC-2026-000001' }] });
    expect(verifyWebhook({ headers: r.headers, body: r.body, secrets: [secret], nowSeconds: Math.floor(NOW.getTime() / 1000) })).toMatchObject({ ok: true });
    expect(robotRequest({ ...base, target: { channel: 'webhook', url: 'https://hooks.example/x', secret: null } }).headers['webhook-signature']).toBeUndefined();
  });
});

describe(robotReplyError.name, () => {
  it.each([
    ['wecom', '{"errcode":0,"errmsg":"ok"}', null],
    ['dingtalk', '{"errcode":310000,"errmsg":"sign not match"}', 'dingtalk refused: code 310000 sign not match'],
    ['feishu', '{"code":0,"msg":"success"}', null],
    ['feishu', '{"StatusCode":0}', null],
    ['feishu', '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}', 'feishu refused: code 19021 sign match fail or timestamp is not within one hour from current time'],
    ['wecom', '<html>', 'wecom: unreadable reply'],
    ['webhook', 'anything', null],
  ] as const)('%s answering %s → %s', (channel, reply, expected) => {
    expect(robotReplyError(channel, reply)).toBe(expected);
  });
});

describe(urlHint.name, () => {
  it('should show the host and the last characters, never the token', () => {
    expect(urlHint('https://oapi.dingtalk.com/robot/send?access_token=abcdef123456')).toBe('https://oapi.dingtalk.com/…3456');
  });
});
