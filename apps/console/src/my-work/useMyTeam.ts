import { useGetIdentity, useGetList, useGetOne } from 'react-admin';
import type { QueueRow } from '../queues/types';
import { quietRefresh } from '../common/polling';

/** The signed-in person's team (`teamId` of GET /api/auth/me) and its name. */
export function useMyTeam() {
  const { identity, isPending } = useGetIdentity();
  const teamId = ((identity as { teamId?: string | null } | undefined)?.teamId ?? null) as string | null;
  const { data: team } = useGetOne<{ id: string; name: string }>('teams', { id: teamId ?? '' }, { enabled: !!teamId, staleTime: 5 * 60_000 });
  return { identity, isPending, teamId, teamName: team?.name ?? null };
}

/** The queues a person works from: their team's and those of no team (all of them for a person without a team). */
export function useTeamQueues(teamId: string | null) {
  const { data, isPending, error } = useGetList<QueueRow>('queues', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } }, quietRefresh);
  const queues = (data ?? []).filter((q) => !teamId || !q.teamId || q.teamId === teamId);
  return { queues, isPending, error };
}
