import { useMemo } from 'react';
import { Box, Typography } from '@mui/material';
import { useDataProvider, useGetList, useTranslate } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import type { SentinelDataProvider } from '../dataProvider';
import { CASE_HOLDER_ROLES, type Role } from '@sentinel/contracts';
import { usePerms } from './usePerms';

export interface UserRow {
  id: string;
  name: string;
  email?: string;
  role: Role;
  active: boolean;
  teamId?: string | null;
}

/** Active users who may hold cases (analysts and supervisors), for pickers. Needs `users:read`. */
export function useCaseHolders() {
  const { can } = usePerms();
  const enabled = can('users:read');
  const { data, isPending } = useGetList<UserRow>(
    'users',
    {
      pagination: { page: 1, perPage: 1000 },
      sort: { field: 'name', order: 'ASC' },
      filter: { active: true, role: [...CASE_HOLDER_ROLES] },
    },
    { enabled },
  );
  const holders = useMemo(
    () =>
      (data ?? [])
        .filter((u) => u.active !== false && CASE_HOLDER_ROLES.includes(u.role))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [data],
  );
  return { holders, isPending: enabled && isPending, enabled };
}

/** A person who may hold cases, with what a supervisor weighs when giving them one: team and load. */
export interface HolderOption {
  id: string;
  name: string;
  role: string;
  teamId: string | null;
  teamName: string | null;
  open: number | null;
  overdue: number | null;
}

export const LOAD_KEY = ['stats', 'load'];

/** GET /api/stats/load: open and overdue cases per person (refreshed at most every 30 s). */
export function useLoad(enabled = true) {
  const dp = useDataProvider<SentinelDataProvider>();
  const { can } = usePerms();
  return useQuery({ queryKey: LOAD_KEY, queryFn: () => dp.statsLoad(), enabled: enabled && can('sla:read'), staleTime: 30_000 });
}

/** The case holders of /api/users with their team (/api/teams) and load (/api/stats/load), busiest last. */
export function useCaseHolderOptions() {
  const { holders, isPending, enabled } = useCaseHolders();
  const { can } = usePerms();
  const teams = useGetList<{ id: string; name: string }>('teams', { pagination: { page: 1, perPage: 500 }, sort: { field: 'name', order: 'ASC' } }, { enabled: enabled && can('settings:read'), staleTime: 5 * 60_000 });
  const load = useLoad(enabled);
  const options = useMemo<HolderOption[]>(() => {
    const teamName = new Map((teams.data ?? []).map((t) => [String(t.id), t.name]));
    const byId = new Map((load.data ?? []).map((l) => [String(l.assigneeId), l]));
    return holders.map((u) => {
      const l = byId.get(String(u.id));
      return {
        id: String(u.id),
        name: u.name,
        role: u.role,
        teamId: u.teamId ?? null,
        teamName: u.teamId ? (teamName.get(String(u.teamId)) ?? null) : null,
        open: l ? l.open : null,
        overdue: l ? l.overdue : null,
      };
    });
  }, [holders, teams.data, load.data]);
  return { options, isPending, enabled };
}

/** The role, unless the name already says it ("Chen Jie (analyst)" is not followed by "Analyst" again). */
export function roleUnlessNamed(name: string, role: string, roleLabel: string): string | null {
  const n = name.toLowerCase();
  return n.includes(role.toLowerCase()) || n.includes(roleLabel.toLowerCase()) ? null : roleLabel;
}

/** The second line of a holder in a picker: team · role · open / overdue. */
export function useHolderDetails() {
  const t = useTranslate();
  return (o: HolderOption) => {
    const role = roleUnlessNamed(o.name, o.role, t(`enums.role.${o.role}`, { _: o.role }));
    const parts = [o.teamName ?? t('assign.no_team'), role, o.open != null ? t('assign.load', { open: o.open, overdue: o.overdue ?? 0 }) : null];
    return parts.filter(Boolean).join(' · ');
  };
}

/** An option of the assignee pickers: the name, then team, role (once) and load. */
export const HolderOptionText = ({ option }: { option: HolderOption }) => {
  const details = useHolderDetails();
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
      <Typography variant="body2">{option.name}</Typography>
      <Typography variant="caption" color={option.overdue ? 'error.main' : 'text.secondary'}>
        {details(option)}
      </Typography>
    </Box>
  );
};
