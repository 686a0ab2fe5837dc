import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { JOB_NAMES, QUEUE_NAMES } from '@sentinel/contracts';
import { outboundPolicy } from '@sentinel/outbound';
import { QueueFactory } from '@sentinel/queues';
import { testRedisPrefix } from '@sentinel/testing';
import { en } from '../../../console/src/i18n/en';
import { startWorker } from '../../../worker/src/worker';
import type { BrowserTest } from '../harness/runner';
import { findUntranslated, zh } from '../harness/i18n-check';
import { assert, assertEqual, pageText, settle, type Session } from '../harness/ui';

const T = en.app.alert_prefs;

/** A DingTalk robot on loopback (WEBHOOK_ALLOW_PRIVATE in these tests): records what it gets, answers errcode 0. */
async function startRobot() {
  const got: Array<{ url: string; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ url: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function tick(s: Session, testId: string) {
  const box = s.page.getByTestId(testId).locator('input');
  if (!(await box.isChecked())) await box.check();
}

export const alertPreferencesTest: BrowserTest = {
  name: 'a supervisor chooses alert channels per type (e-mail off here, DingTalk on), a digest window, saves a signed DingTalk robot and sends a test the worker delivers; in zh-CN too',
  async run(ctx) {
    const { api, users, ds } = ctx.seeded;
    const sup = users.supervisor;
    await api.must('PUT', '/api/auth/me', sup.token, { locale: 'en' });
    const robot = await startRobot();
    // The worker's alert-channel queue on its own prefix, sweep off: it only runs the delivery this test hands it.
    const redisPrefix = testRedisPrefix('e2e-alert-prefs');
    const worker = await startWorker({
      databaseUrl: (ds.options as { url: string }).url,
      redisPrefix,
      sweepEnabled: false,
      outboundPolicy: outboundPolicy({ allowPrivate: true }),
      logLevel: 'silent',
    });
    const queue = new QueueFactory({ redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379', redisPrefix }).queue(QUEUE_NAMES.alertChannels);
    const s = await ctx.session();
    const { page } = s;
    try {
      await s.login(sup);
      await page.getByTestId('menu-alert-preferences').waitFor({ state: 'attached' }).catch(() => undefined);
      await s.goto('/alert-preferences');
      await page.getByTestId('alert-routes').waitFor();

      // No SMTP on this installation: the e-mail column says so and cannot be ticked; robots need a URL first.
      assert(await page.getByTestId('route-sla.breached-email').locator('input').isDisabled(), 'e-mail is off without SMTP');
      assert(await page.getByTestId('route-sla.breached-dingtalk').locator('input').isDisabled(), 'DingTalk needs its URL first');
      await page.getByText(T.email_unavailable).first().waitFor();

      // The robot: URL and signing secret, stored sealed; only a hint comes back.
      const robotUrl = `${robot.url}/robot/send?access_token=e2e0123456789`;
      await page.getByTestId('robot-url-dingtalk').fill(robotUrl);
      await page.getByTestId('robot-secret-dingtalk').fill('SECe2e-signing');
      const saved = await s.withResponse('PUT', /\/api\/me\/alert-channels\/dingtalk$/, () => page.getByTestId('robot-save-dingtalk').click());
      assertEqual(saved.status(), 200, 'PUT the DingTalk robot');
      await page.getByText(/Stored: http:\/\/127\.0\.0\.1:\d+\/…6789/).waitFor();
      assert(!(await pageText(page)).includes('e2e0123456789'), 'the token is never shown again');

      // Breaches and warnings to DingTalk, a 15-minute digest.
      await page.getByTestId('route-sla.breached-dingtalk').locator('input:not([disabled])').waitFor();
      await tick(s, 'route-sla.breached-dingtalk');
      await tick(s, 'route-sla.warning-dingtalk');
      await page.getByTestId('digest-select').click();
      await page.getByRole('option', { name: T.digest_minutes.split(' |||| ')[0].replace('%{smart_count}', '15') }).click();
      const put = await s.withResponse('PUT', /\/api\/me\/alert-preferences$/, () => page.getByTestId('save-alert-preferences').click());
      assertEqual(put.status(), 200, 'PUT the preferences');
      const body = JSON.parse(put.request().postData() ?? '{}') as { digestMinutes: number; routes: Array<{ type: string; channels: string[] }> };
      assertEqual(body.digestMinutes, 15, 'the digest window sent');
      assertEqual(body.routes.find((r) => r.type === 'sla.breached')?.channels.join(','), 'dingtalk', 'breaches go to DingTalk');
      const stored = await api.get('/api/me/alert-preferences', sup.token);
      assertEqual(stored.routes.find((r: { type: string }) => r.type === 'sla.warning').channels.join(','), 'dingtalk', 'warnings stored for DingTalk');

      // Send test: the API opens a delivery, the worker sends it, the button's status follows it to Delivered.
      const test = await s.withResponse('POST', /\/api\/me\/alert-channels\/dingtalk\/test$/, () => page.getByTestId('test-dingtalk').click());
      assertEqual(test.status(), 202, 'POST test');
      const { id } = (await test.json()) as { id: string };
      await queue.add(JOB_NAMES.deliver, { deliveryId: id });
      await page.locator('[data-testid=test-result-dingtalk][data-status=delivered]').waitFor({ timeout: 20_000 });
      assertEqual(robot.got.length, 1, 'the robot got one message');
      const q = new URL(robot.got[0].url, robot.url).searchParams;
      assertEqual(q.get('sign'), createHmac('sha256', 'SECe2e-signing').update(`${q.get('timestamp')}\nSECe2e-signing`).digest('base64'), 'signed as DingTalk documents');
      assert(JSON.parse(robot.got[0].body).markdown.title.includes('Test message'), 'the test message in the user language');
      await page.getByTestId('alert-deliveries').waitFor();
      await settle(page);
      ctx.log(`screenshot ${await s.screenshot('alert-preferences-supervisor-en', { fullPage: true })}`);

      // In Chinese: every word translated.
      await page.getByTestId('locale-switcher').click();
      await page.getByRole('menuitem', { name: '简体中文' }).click();
      await s.goto('/alert-preferences');
      await page.getByText(zh.app.alert_prefs.routes_title).waitFor();
      await settle(page);
      const findings = findUntranslated(await pageText(page), [sup.name, sup.email, 'SLA', 'Webhook', 'Standard Webhooks', 'https', 'whsec_', 'http', /127\.0\.0\.1/, 'Sentinel SN']);
      assert(findings.length === 0, `untranslated text on the alert preferences: ${JSON.stringify(findings)}`);
      ctx.log(`screenshot ${await s.screenshot('alert-preferences-supervisor-zh-CN', { fullPage: true })}`);
    } finally {
      await api.must('PUT', '/api/auth/me', sup.token, { locale: 'en' });
      await api.must('DELETE', '/api/me/alert-channels/dingtalk', sup.token).catch(() => undefined);
      await api.must('PUT', '/api/me/alert-preferences', sup.token, { digestMinutes: 0, routes: [] });
      await queue.close();
      await worker.close();
      await robot.close();
    }
  },
};
