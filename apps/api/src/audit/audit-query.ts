import { ProblemException } from '../common/problem.exception';
import { isUuid, parseTimeParam } from '../common/list-query';

export type AuditScope = 'cases' | 'system' | 'all';

export interface AuditQuery {
  from?: Date;
  to?: Date;
  caseId?: string;
  scope: AuditScope;
  /** verify only: also replay each case's events against its rows (docs/api.md "Audit") */
  deep?: boolean;
}

const KNOWN = new Set(['from', 'to', 'caseId', 'scope', 'format', 'deep']);

const time = (name: string, v: unknown): Date | undefined => (v === undefined || v === '' ? undefined : parseTimeParam(name, v));

/** The query of /api/audit/verify and /api/audit/export (unknown parameters → 400, as for lists). */
export function parseAuditQuery(q: Record<string, unknown>): AuditQuery {
  for (const k of Object.keys(q)) {
    if (!KNOWN.has(k)) throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown query parameter: ${k}`, { fields: [k] });
  }
  const scope = (q.scope ?? 'cases') as AuditScope;
  if (!['cases', 'system', 'all'].includes(scope)) throw new ProblemException('REQUEST.MALFORMED', 'scope must be cases, system or all', { field: 'scope' });
  if (q.caseId !== undefined && !isUuid(q.caseId)) throw new ProblemException('REQUEST.MALFORMED', 'caseId must be a case id', { field: 'caseId' });
  const from = time('from', q.from);
  const to = time('to', q.to);
  if (from && to && from > to) throw new ProblemException('REQUEST.MALFORMED', 'from must not be after to', { field: 'from' });
  if (q.deep !== undefined && q.deep !== 'true' && q.deep !== 'false') throw new ProblemException('REQUEST.MALFORMED', 'deep must be true or false', { field: 'deep' });
  return { from, to, caseId: q.caseId as string | undefined, scope, deep: q.deep === 'true' };
}
