import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

/** The CSV's columns (docs/api.md "Historical import"), in the reader's language. */
const COLUMNS: Array<[string, string]> = [
  ['externalId', 'external_id'],
  ['sn, channel, misuseType', 'required'],
  ['merchantId, merchantName, terminalId, bankCode, terminalModel, registeredMcc, observedMcc, description, policeReceiptNumber, policeStopPaymentInstruction, deviceWithMerchant', 'report'],
  ['reporter.name, reporter.phone, reporter.email, reporter.relationship', 'reporter'],
  ['amountAtRisk.minor, amountAtRisk.currency', 'amount'],
  ['lastKnownLocation.lat, lastKnownLocation.lon, lastKnownLocation.address', 'location'],
  ['transactions', 'transactions'],
  ['receivedAt, occurredAt, lastGoodTransactionAt, firstSuspiciousAt', 'times'],
  ['status, outcome, closedAt', 'closed'],
];

export const ImportHelp = () => {
  const t = useTranslate();
  return (
    <Box data-testid="import-help">
      <Typography variant="subtitle2" sx={{ mb: 0.5 }}>
        {t('imports.help.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('imports.help.intro')}
      </Typography>
      <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'minmax(200px, 2fr) 3fr', columnGap: 2, rowGap: 0.75 }}>
        {COLUMNS.map(([cols, key]) => (
          <Box key={key} sx={{ display: 'contents' }}>
            <Box component="dt" sx={{ fontFamily: 'monospace', fontSize: '0.8rem', wordBreak: 'break-word' }}>
              {cols}
            </Box>
            <Box component="dd" sx={{ m: 0, typography: 'body2' }}>
              {t(`imports.help.${key}`)}
            </Box>
          </Box>
        ))}
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        {t('imports.help.rules')}
      </Typography>
    </Box>
  );
};
