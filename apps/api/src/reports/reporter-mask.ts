import type { Role, ReportView } from '@sentinel/contracts';
import { maskTail, masksReporterContact } from '@sentinel/domain';
import { maskEmail } from '../auth/tokens';

/**
 * Reporters' phone and e-mail are personal data: auditors see them masked (`****0000`, `w***@example.com`) unless
 * revealed with POST /api/reports/:id/reveal (recorded in the system chain, like terminal reveals).
 */
export function maskReporterFor<T extends ReportView>(role: Role, view: T): T {
  const reporter = view.reporter;
  if (!masksReporterContact(role) || !reporter || (!reporter.phone && !reporter.email)) return view;
  return {
    ...view,
    reporter: {
      ...reporter,
      ...(reporter.phone ? { phone: maskTail(reporter.phone.replace(/\s+/g, ''), 4) ?? '****' } : {}),
      ...(reporter.email ? { email: maskEmail(reporter.email) } : {}),
    },
  };
}
