import { useCallback, useMemo } from 'react';
import { useGetIdentity, useGetList, useTranslate } from 'react-admin';
import { usePerms } from './usePerms';

/**
 * Names for user ids the API sends bare (evidence `addedBy`, event actors…): the server's own
 * `…Name` field when present, else the user list (for callers with `users:read`), else a short id.
 */
export function useUserNames() {
  const { can } = usePerms();
  const t = useTranslate();
  const { identity } = useGetIdentity();
  const { data } = useGetList<{ id: string; name: string }>(
    'users',
    { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: can('users:read'), staleTime: 5 * 60_000 },
  );
  const map = useMemo(() => new Map((data ?? []).map((u) => [String(u.id), u.name])), [data]);
  return useCallback(
    (id: string | null | undefined, serverName?: string | null) => {
      if (serverName) return serverName;
      if (!id) return '—';
      if (id === 'system') return t('app.system');
      if (id.startsWith('bank:')) return id.slice(5);
      if (identity && String(identity.id) === id) return identity.fullName ?? id;
      return map.get(id) ?? `${id.slice(0, 8)}…`;
    },
    [map, identity, t],
  );
}
