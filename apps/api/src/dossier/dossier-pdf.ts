import PDFDocument from 'pdfkit';
import type { AuditCheckpoint, CaseEventView, CaseView, NotificationView } from '@sentinel/contracts';
import { canonicalJson } from '@sentinel/domain';
import { dossierFont } from './cjk-font';
import { DOSSIER_WORDS, type DossierLang, type DossierWords } from './dossier-words';

/** Everything one case's dossier shows (docs/api.md "Audit": the dossier). */
export interface DossierData {
  case: CaseView;
  events: CaseEventView[];
  notifications: NotificationView[];
  /** the latest checkpoint and its leaf for this case (null: none covers it yet) */
  checkpoint: { checkpoint: AuditCheckpoint; leaf: { lastEventSeq: number; headHash: string } | null } | null;
  generatedAt: Date;
  viewer: string;
}

/** UTC, to the second, the same in both languages: `2026-12-02 10:15:00 UTC`. */
export function formatTime(v: string | Date | null | undefined): string {
  if (!v) return '—';
  const d = typeof v === 'string' ? new Date(v) : v;
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Keeps the last four characters of a personal field (`****1234`), whatever the view did. */
export function mask(v: string | null | undefined): string {
  if (!v) return '—';
  const tail = v.replace(/\*/g, '').slice(-4);
  return `****${tail}`;
}

const MARGIN = 48;

/** Renders the dossier (A4) in one language; resolves with the PDF bytes. */
export function renderDossier(data: DossierData, lang: DossierLang): Promise<Buffer> {
  const w = DOSSIER_WORDS[lang];
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: `${w.title} ${data.case.reference}`, Author: 'Sentinel SN' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', dossierFont());
  doc.font('body');
  write(doc, data, w);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the margin; no page break for it
    doc.fontSize(7).fillColor('#666').text(`${data.case.reference} · ${w.page} ${i + 1}/${range.count}`, MARGIN, doc.page.height - MARGIN + 12, { lineBreak: false });
  }
  doc.end();
  return done;
}

function write(doc: PDFKit.PDFDocument, d: DossierData, w: DossierWords): void {
  const c = d.case;
  const h1 = (t: string) => doc.fillColor('#000').fontSize(18).text(t);
  const h2 = (t: string) => {
    if (doc.y > doc.page.height - 140) doc.addPage();
    doc.moveDown(0.8).fillColor('#1a3c6e').fontSize(12).text(t).moveDown(0.2).fillColor('#000');
  };
  const line = (label: string, value: unknown) =>
    doc.fontSize(9).fillColor('#555').text(`${label}: `, { continued: true }).fillColor('#000').text(value === null || value === undefined || value === '' ? w.none : String(value));
  const small = (t: string) => doc.fontSize(7.5).fillColor('#333').text(t).fillColor('#000');

  h1(`${w.title} ${c.reference}`);
  doc.fontSize(9).fillColor('#555').text(`${w.generated}: ${formatTime(d.generatedAt)} · ${w.by}: ${d.viewer}`).fillColor('#000');

  h2(w.summary);
  line(w.reference, c.reference);
  line(w.status, c.status);
  line(w.stage, `${w.stages[c.stage] ?? c.stage} (${c.stage})`);
  line(w.outcome, c.outcome);
  line(w.priority, c.priority);
  line(w.misuseType, c.misuseType);
  line(w.openedAt, formatTime(c.createdAt));
  line(w.closedAt, formatTime(c.closedAt));
  line(w.assignee, c.assignee?.name ?? c.assigneeId);
  line(w.team, c.teamId);
  line(w.bank, c.bankCode);
  line(w.amountAtRisk, c.amountAtRisk ? `${(c.amountAtRisk.minor / 100).toFixed(2)} ${c.amountAtRisk.currency}` : null);

  h2(w.terminal);
  const t = c.terminal;
  line(w.sn, t.sn);
  line(w.model, t.model);
  line(w.tid, t.tid);
  line(w.bank, t.bankCode);
  line(w.merchantId, t.merchantId);
  line(w.merchantName, t.merchantName);
  line(w.creditCode, t.merchantCreditCode ? mask(t.merchantCreditCode) : null);
  line(w.settlementAccount, t.settlementAccount ? mask(t.settlementAccount) : null);
  line(w.address, t.registeredAddress ? mask(t.registeredAddress) : null);
  small(w.maskedNote);

  h2(w.reports);
  for (const r of c.reports) {
    line(w.receivedAt, `${formatTime(r.receivedAt)} · ${w.channel}: ${r.channel} · ${w.misuseType}: ${r.misuseType} · ${w.submittedBy}: ${r.submittedBy.role}`);
    if (r.description) small(`${w.description}: ${r.description}`);
  }

  h2(w.stageRecords);
  const f = c.freeze;
  line(w.freeze, `${w.bankReference}: ${f.bankReference ?? w.none} · ${w.confirmedAt}: ${formatTime(f.confirmedAt)}${f.confirmedVia ? ` (${f.confirmedVia})` : ''}${f.rejectedAt ? ` · ${w.rejected}: ${formatTime(f.rejectedAt)}` : ''}`);
  const p = c.policeReport;
  line(w.policeReport, p ? `${w.agency}: ${p.agency} · ${w.reportNumber}: ${p.reportNumber} · ${w.filedAt}: ${formatTime(p.filedAt)}` : null);
  doc.fontSize(9).text(`${w.merchantContacts}:`);
  for (const m of c.merchantContacts) small(`${formatTime(m.contactedAt)} · ${w.channel}: ${m.channel} · ${w.contactOutcome}: ${m.outcome}${m.findings ? ` · ${w.findings}: ${m.findings}` : ''}`);
  doc.fontSize(9).text(`${w.clocks}:`);
  for (const k of c.clocks) {
    small(
      `${w.stages[k.stage] ?? k.stage} · ${w.startedAt}: ${formatTime(k.startedAt)} · ${w.dueAt}: ${formatTime(k.dueAt)} · ${w.endedAt}: ${formatTime(k.endedAt)} · ` +
        `${w.slaOutcome}: ${w.slaStates[k.state] ?? k.state}${k.breachedAt ? ` (${w.breachedAt}: ${formatTime(k.breachedAt)})` : ''}${k.warnedAt ? ` (${w.warnedAt}: ${formatTime(k.warnedAt)})` : ''}`,
    );
  }

  h2(w.holds);
  for (const hd of c.holds) {
    line(
      hd.kind,
      `${hd.status} · ${hd.scope.join(', ')} · ${w.startedAt}: ${formatTime(hd.placedAt)} · ${w.dueAt}: ${formatTime(hd.expiresAt)}` +
        `${hd.instructionNumber ? ` · ${hd.instructionNumber}` : ''}${hd.issuingAuthority ? ` · ${hd.issuingAuthority}` : ''}`,
    );
    if (hd.renewals.length) small(`${w.holdRenewals}: ${hd.renewals.length}`);
    if (hd.releasedAt) small(`${w.endedAt}: ${formatTime(hd.releasedAt)}${hd.releaseReason ? ` · ${hd.releaseReason}` : ''}`);
    if (hd.expiredAt) small(`${w.endedAt}: ${formatTime(hd.expiredAt)}`);
  }
  if (!c.holds.length) small(w.none);

  h2(w.regulatory);
  for (const r of c.regulatoryClocks) {
    line(
      r.kind,
      `${r.state} · ${w.startedAt}: ${formatTime(r.startedAt)} · ${w.dueAt}: ${formatTime(r.dueAt)}` +
        `${r.breachedAt ? ` · ${w.breachedAt}: ${formatTime(r.breachedAt)}` : ''}${r.filedAt ? ` · ${w.filed}: ${formatTime(r.filedAt)} (${r.reference ?? ''})` : ''}` +
        `${r.cancelledAt ? ` · ${w.cancelled}: ${formatTime(r.cancelledAt)}${r.cancelReason ? ` (${r.cancelReason})` : ''}` : ''}`,
    );
  }
  if (!c.regulatoryClocks.length) small(w.none);

  if (c.terminal.replacedBy || c.watchlistHits.length) {
    h2(w.aftercare);
    if (c.terminal.replacedBy) line(w.replacedBy, c.terminal.replacedBy);
    if (c.watchlistHits.length) line(w.watchlistHits, c.watchlistHits.length);
  }

  h2(w.evidence);
  for (const e of c.evidence) {
    line(w.fileName, `${e.fileName} · ${e.type} · ${w.size}: ${e.size} B · ${w.addedAt}: ${formatTime(e.addedAt)}${e.removedAt ? ` · ${w.removed}: ${formatTime(e.removedAt)}` : ''}`);
    doc.fontSize(7.5).text(`SHA-256 ${e.sha256}`);
  }
  if (!c.evidence.length) small(w.none);

  h2(w.notes);
  for (const n of c.notes) small(`${formatTime(n.createdAt)} · ${n.authorName}: ${n.text}`);
  if (!c.notes.length) small(w.none);

  h2(w.notifications);
  for (const n of d.notifications) {
    line(n.type, `${n.status} · ${n.bankCode} · ${formatTime(n.createdAt)} · ${w.attempts}: ${n.attempts.length}`);
    for (const a of n.attempts) small(`  #${a.generation}.${a.attemptNo} ${formatTime(a.startedAt)} ${a.outcome}${a.statusCode ? ` ${a.statusCode}` : ''}${a.error ? ` ${a.error}` : ''} (${a.durationMs} ms)`);
  }
  if (!d.notifications.length) small(w.none);

  h2(w.timeline);
  for (const e of d.events) {
    if (doc.y > doc.page.height - 90) doc.addPage();
    doc.fontSize(8.5).fillColor('#000').text(`${e.seq}. ${formatTime(e.at)} · ${e.actorName ?? e.actor.id} (${e.actor.role}) · ${e.action}`);
    const data = canonicalJson(e.data);
    small(data.length > 400 ? `${data.slice(0, 400)}…` : data);
    doc.fontSize(6.5).fillColor('#666').text(e.hash).fillColor('#000');
  }

  h2(w.chain);
  line(w.lastEventSeq, c.lastEventSeq);
  doc.fontSize(9).fillColor('#555').text(`${w.headHash}:`).fillColor('#000').fontSize(8).text(c.headHash);
  const cp = d.checkpoint;
  if (!cp || !cp.leaf) small(w.noCheckpoint);
  else {
    const k = cp.checkpoint;
    const sig = k.signatureValid === null ? w.otherKey : k.signatureValid ? w.valid : w.invalid;
    line(w.checkpoint, `#${k.seq} · ${formatTime(k.at)} · ${w.signature}: ${sig}`);
    line(w.checkpointCovers, `${cp.leaf.lastEventSeq}`);
    doc.fontSize(7).text(`checkpoint ${k.hash}`).text(`casesRoot ${k.casesRoot}`).text(`keyId ${k.keyId}`).text(`leaf ${cp.leaf.headHash}`);
  }
}
