import { auth, type TestApp, type TestUser } from './test-app';

const past = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/**
 * One case walked through every stage by the API, as the audit tests need it: a report and a linked one, claim,
 * freeze confirmed, police report, two merchant contacts, two evidence files (one removed), a note, review and a
 * supervisor's resolution. `close: false` stops in review.
 */
export async function walkCase(t: TestApp, u: { analyst: TestUser; supervisor: TestUser }, sn: string, opts: { close?: boolean } = {}): Promise<string> {
  const rep = await t.http().post('/api/reports').set(auth(u.analyst.token)).send({
    sn,
    channel: 'merchant_call',
    misuseType: 'cloned_terminal',
    merchantName: '幸运面馆 Lucky Noodles',
    merchantId: '898310058120001',
    description: '商户报告终端被克隆 — merchant reports a cloned terminal',
  });
  if (rep.status !== 201) throw new Error(`report: ${rep.status} ${JSON.stringify(rep.body)}`);
  const id = rep.body.caseId as string;
  await t.http().post('/api/reports').set(auth(u.analyst.token)).send({ sn, channel: 'cardholder', misuseType: 'cloned_terminal' }).expect(201);
  const act = async (who: TestUser, action: string, body: Record<string, unknown> = {}) => {
    const { version } = (await t.http().get(`/api/cases/${id}`).set(auth(who.token)).expect(200)).body;
    const r = await t.http().post(`/api/cases/${id}/actions/${action}`).set(auth(who.token)).send({ version, ...body });
    if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const upload = async (type: string, bytes: Buffer, name: string) => {
    const r = await t.http().post(`/api/cases/${id}/evidence`).set(auth(u.analyst.token)).field('type', type).attach('file', bytes, name);
    if (r.status !== 201) throw new Error(`evidence: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };
  await act(u.analyst, 'claim');
  await act(u.analyst, 'confirm_freeze', { bankReference: 'BANK-FRZ-1', confirmedAt: past(30) });
  await act(u.analyst, 'record_police_report', { agency: '黄浦公安分局 Huangpu PSB', reportNumber: 'HP-2026-0042', filedAt: past(20) });
  await act(u.analyst, 'log_merchant_contact', { channel: 'phone', contactedAt: past(15), outcome: 'no_answer' });
  await act(u.analyst, 'log_merchant_contact', { channel: 'visit', contactedAt: past(10), outcome: 'reached', findings: '终端在店内 — terminal in the shop' });
  await act(u.analyst, 'add_note', { text: '商户配合调查 — the merchant is cooperating' });
  await upload('transaction_records', Buffer.from('time,amount\n2026-11-25T01:00:00Z,500.00\n'), 'tx.csv');
  const spare = await upload('other', Buffer.from('a spare note\n'), 'spare.txt');
  await t.http().post(`/api/evidence/${spare}/remove`).set(auth(u.analyst.token)).send({ reason: 'uploaded by mistake' }).expect(200);
  await upload('police_receipt', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'receipt.pdf');
  await act(u.analyst, 'submit_for_review');
  if (opts.close !== false) await act(u.supervisor, 'resolve', { outcome: 'confirmed_misuse', summary: 'Cloned terminal confirmed' });
  return id;
}
