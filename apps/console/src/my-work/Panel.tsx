import type { ReactNode } from 'react';
import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';

/** A section of My work: a title (with a count), an optional action on the right, its content. */
export const Panel = ({ title, count, action, children, testId }: { title: string; count?: number | null; action?: ReactNode; children: ReactNode; testId?: string }) => (
  <Card data-testid={testId} sx={{ height: '100%' }}>
    <CardContent>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1.5, gap: 1 }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
          {title}
          {count != null && <Chip size="small" label={count} sx={{ ml: 1 }} data-testid={testId ? `${testId}-count` : undefined} />}
        </Typography>
        {action}
      </Stack>
      <Box>{children}</Box>
    </CardContent>
  </Card>
);

export const EmptyText = ({ children, testId }: { children: ReactNode; testId?: string }) => (
  <Typography variant="body2" color="text.secondary" sx={{ py: 1 }} data-testid={testId}>
    {children}
  </Typography>
);
