import { useDataProvider, useTranslate, type Identifier } from 'react-admin';
import type { SentinelDataProvider } from '../dataProvider';
import { RevealableValue } from '../common/RevealDialog';

/**
 * A reporter's phone or e-mail as the API served it. Auditors get them masked (`****8000`); "Reveal" asks
 * POST /api/reports/:id/reveal {field, reason}, which the API records in the system chain.
 */
export const RevealableReporterField = ({ reportId, field, value }: { reportId: Identifier; field: 'phone' | 'email'; value: string | undefined }) => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  if (!value) return <>—</>;
  if (!value.includes('*')) return <>{value}</>;
  return (
    <RevealableValue
      masked={value}
      title={t(`resources.reports.fields.reporter.${field}`)}
      canReveal
      reveal={async (reason) => (await dp.revealReporterField(reportId, field, reason)).value ?? '—'}
      show={(v) => <span>{v}</span>}
      buttonTestId={`reveal-reporter-${field}`}
    />
  );
};
