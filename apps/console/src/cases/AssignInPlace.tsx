import { useState } from 'react';
import { Autocomplete, Box, CircularProgress, IconButton, Popover, TextField, Tooltip, Typography } from '@mui/material';
import PersonAddIcon from '@mui/icons-material/PersonAddAlt1Outlined';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import type { SentinelDataProvider } from '../dataProvider';
import { HolderOptionText, LOAD_KEY, useCaseHolderOptions, useHolderDetails, type HolderOption } from '../common/caseHolders';
import { useProblemNotify } from '../common/useProblemNotify';
import { usePerms } from '../common/usePerms';
import { problemStatus } from '../problem/problem';

/** What a list row must say about its case to be assigned from the row. */
export interface AssignableRow {
  id: string;
  caseId?: string;
  reference?: string;
  caseReference?: string;
  version?: number;
  assigneeId: string | null;
  assignee?: { id: string; name: string } | null;
}

/**
 * The assignee of a case in a list, with "Assign" right there (supervisors): a picker of the people who may
 * hold cases, each with their team and open / overdue cases; the `assign` action is posted with the version
 * of the case (read first when the row has none, e.g. the breach log).
 */
export const AssignInPlace = ({ row, assigneeName }: { row: AssignableRow; assigneeName?: string | null }) => {
  const t = useTranslate();
  const { can } = usePerms();
  const dp = useDataProvider<SentinelDataProvider>();
  const notify = useNotify();
  const notifyProblem = useProblemNotify();
  const queryClient = useQueryClient();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [busy, setBusy] = useState(false);
  const caseId = row.caseId ?? row.id;
  const reference = row.reference ?? row.caseReference ?? '';
  const name = assigneeName ?? row.assignee?.name ?? null;
  const label = name ?? (
    <Typography component="em" variant="body2" color="text.secondary">
      {t('app.unassigned')}
    </Typography>
  );
  if (!can('cases:supervise')) return <>{label}</>;

  const assign = async (person: HolderOption) => {
    setBusy(true);
    try {
      const version = row.version ?? (await dp.getOne<{ id: string; version: number }>('cases', { id: caseId })).data.version;
      await dp.caseAction(caseId, 'assign', { version, assigneeId: person.id });
      notify('assign.done', { type: 'success', messageArgs: { reference, name: person.name } });
      setAnchor(null);
    } catch (e) {
      if (problemStatus(e) === 409) notify('assign.changed', { type: 'warning', messageArgs: { reference } });
      else notifyProblem(e);
    } finally {
      setBusy(false);
      for (const key of [['cases'], ['sla'], ['sla/breaches'], LOAD_KEY]) void queryClient.invalidateQueries({ queryKey: key });
    }
  };

  return (
    <Box sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }} data-testid={`assign-in-place-${caseId}`}>
      <span>{label}</span>
      <Tooltip title={t('assign.button')}>
        <IconButton size="small" onClick={(e) => setAnchor(e.currentTarget)} aria-label={t('assign.button_for', { reference })} data-testid="assign-open">
          {busy ? <CircularProgress size={16} /> : <PersonAddIcon fontSize="small" />}
        </IconButton>
      </Tooltip>
      <Popover open={!!anchor} anchorEl={anchor} onClose={() => setAnchor(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}>
        {anchor && <HolderPicker busy={busy} onPick={(p) => void assign(p)} currentId={row.assigneeId} />}
      </Popover>
    </Box>
  );
};

const HolderPicker = ({ onPick, busy, currentId }: { onPick: (p: HolderOption) => void; busy: boolean; currentId: string | null }) => {
  const t = useTranslate();
  const { options, isPending } = useCaseHolderOptions();
  const details = useHolderDetails();
  return (
    <Box sx={{ p: 1.5, width: 360 }}>
      <Autocomplete<HolderOption>
        options={options.filter((o) => o.id !== currentId)}
        loading={isPending}
        disabled={busy}
        openOnFocus
        autoHighlight
        getOptionLabel={(o) => o.name}
        filterOptions={(opts, { inputValue }) => {
          const q = inputValue.trim().toLowerCase();
          return q ? opts.filter((o) => o.name.toLowerCase().includes(q) || details(o).toLowerCase().includes(q)) : opts;
        }}
        renderOption={(props, o) => {
          const { key, ...rest } = props as typeof props & { key: string };
          return (
            <li key={key} {...rest}>
              <HolderOptionText option={o} />
            </li>
          );
        }}
        onChange={(_, v) => v && onPick(v)}
        renderInput={(params) => <TextField {...params} autoFocus size="small" label={t('assign.pick')} />}
        noOptionsText={t('app.empty')}
        loadingText={t('app.loading')}
      />
    </Box>
  );
};
