import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CasesRepository, CheckpointsRepository, EventsRepository, NotificationsRepository, toChainEvent } from '@sentinel/persistence';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid } from '../common/list-query';
import { notFound, ProblemException } from '../common/problem.exception';
import { AuditCheckpointsService } from '../audit/audit-checkpoints.service';
import { toNotificationView } from '../notifications/notification.view';
import { renderDossier, type DossierData } from './dossier-pdf';
import { DOSSIER_LANGS, type DossierLang } from './dossier-words';

/**
 * A case's dossier as PDF (docs/api.md "Audit"): summary, terminal (masked), reports, stage records with their SLA
 * outcome, evidence with SHA-256, notes, notifications with their attempts, the full timeline, the chain head and the
 * latest checkpoint covering it. Every download is recorded in the system chain with the SHA-256 of the bytes served.
 */
@Injectable()
export class DossierService {
  private readonly checkpoints = new CheckpointsRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesRepository,
    private readonly events: EventsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly checkpointViews: AuditCheckpointsService,
  ) {}

  parseLang(q: Record<string, unknown>): DossierLang {
    for (const k of Object.keys(q)) if (k !== 'lang') throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown query parameter: ${k}`, { fields: [k] });
    const lang = q.lang ?? 'en';
    if (!DOSSIER_LANGS.includes(lang as DossierLang)) throw new ProblemException('REQUEST.MALFORMED', 'lang must be en or zh-CN', { field: 'lang' });
    return lang as DossierLang;
  }

  async render(id: string, lang: DossierLang, actor: Actor): Promise<{ pdf: Buffer; reference: string; sha256: string }> {
    assertUuid(id, 'case');
    const view = await this.cases.loadView(this.ds, id, { id: actor.id, role: actor.role });
    if (!view) throw notFound('case', id);
    const [events, notes, latest] = await Promise.all([
      this.events.listCaseEvents(this.ds, id),
      this.notifications.list(this.ds, { caseIds: [id], sort: { column: 'created_at', order: 'ASC' } }),
      this.checkpoints.latest(this.ds),
    ]);
    const attempts = await this.notifications.attempts(this.ds, notes.rows.map((n) => n.id));
    const leaf = latest ? await this.checkpoints.leafOf(this.ds, latest.seq, id) : undefined;
    const data: DossierData = {
      case: view,
      events: events.map((r) => ({ ...toChainEvent(r), actorName: r.actor_name ?? null })),
      notifications: notes.rows.map((n) => toNotificationView(n, attempts.filter((a) => a.notification_id === n.id))),
      checkpoint: latest ? { checkpoint: this.checkpointViews.view(latest), leaf: leaf ? { lastEventSeq: leaf.lastEventSeq, headHash: leaf.headHash } : null } : null,
      generatedAt: new Date(),
      viewer: `${actor.id} (${actor.role})`,
    };
    const pdf = await renderDossier(data, lang);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    await this.ds.transaction((em) =>
      this.events.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'dossier.downloaded',
        data: { caseId: id, reference: view.reference, lang, lastEventSeq: view.lastEventSeq, headHash: view.headHash, sha256, size: pdf.length },
      }),
    );
    return { pdf, reference: view.reference, sha256 };
  }
}
