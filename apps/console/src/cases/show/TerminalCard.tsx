import { Box, Button, Card, CardContent, Typography } from '@mui/material';
import { LinkBase, useDataProvider, useTranslate, type Identifier } from 'react-admin';
import type { TerminalView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../../dataProvider';
import { Mono } from '../../common/Hash';
import { RevealableValue } from '../../common/RevealDialog';
import { usePerms } from '../../common/usePerms';

/**
 * A masked personal field with "Reveal": POST /api/terminals/:id/reveal {field, reason}. The API
 * decides who may (the case's assignee or a supervisor) and records it in the system chain.
 */
export const RevealableField = ({ terminalId, field, masked }: { terminalId: Identifier; field: string; masked: string | null }) => {
  const t = useTranslate();
  const { can } = usePerms();
  const dp = useDataProvider<SentinelDataProvider>();
  if (!masked) return <>—</>;
  return (
    <RevealableValue
      masked={masked}
      title={t(`resources.terminals.fields.${field}`)}
      canReveal={can('cases:act')}
      reveal={async (reason) => (await dp.revealTerminalField(terminalId, field, reason)).value}
      show={(v) => <Mono>{v}</Mono>}
    />
  );
};

export const TerminalDetails = ({ terminal }: { terminal: TerminalView }) => {
  const t = useTranslate();
  const f = (n: string) => t(`resources.terminals.fields.${n}`);
  const rows: Array<[string, React.ReactNode]> = [
    [f('sn'), <Mono key="sn">{terminal.sn}</Mono>],
    [f('model'), terminal.model ?? '—'],
    [f('tid'), <Mono key="tid">{terminal.tid ?? '—'}</Mono>],
    [f('bankCode'), terminal.bankCode ?? '—'],
    [f('merchantId'), <Mono key="mid">{terminal.merchantId ?? '—'}</Mono>],
    [f('merchantName'), terminal.merchantName ?? '—'],
    [f('merchantCreditCode'), <RevealableField key="mcc" terminalId={terminal.id} field="merchantCreditCode" masked={terminal.merchantCreditCode} />],
    [f('settlementAccount'), <RevealableField key="sa" terminalId={terminal.id} field="settlementAccount" masked={terminal.settlementAccount} />],
    [f('registeredAddress'), terminal.registeredAddress ?? '—'],
    [f('timeZone'), terminal.timeZone ?? '—'],
  ];
  return (
    <Box>
      {rows.map(([label, value]) => (
        <Box key={label} sx={{ display: 'grid', gridTemplateColumns: '140px 1fr', gap: 1, py: 0.25, alignItems: 'baseline' }}>
          <Typography variant="caption" color="text.secondary">
            {label}
          </Typography>
          <Box sx={{ fontSize: '0.875rem', minWidth: 0, wordBreak: 'break-word' }}>{value}</Box>
        </Box>
      ))}
    </Box>
  );
};

export const TerminalCard = ({ terminal }: { terminal: TerminalView | null | undefined }) => {
  const t = useTranslate();
  if (!terminal) return null;
  return (
    <Card>
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" sx={{ flex: 1 }}>
            {t('resources.cases.page.terminal')}
          </Typography>
          <Button size="small" component={LinkBase} to={`/terminals/${terminal.id}/show`}>
            {t('app.open')}
          </Button>
        </Box>
        <TerminalDetails terminal={terminal} />
      </CardContent>
    </Card>
  );
};
