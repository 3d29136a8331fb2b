import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from './api';

type Answer<T> = { data?: T; error?: unknown };

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads on open and on `reload()`: each action re-fetches, so no screen shows a stale list. */
export function useLoad<T>(load: () => Promise<Answer<T>>, deps: unknown[] = []): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const reload = useCallback(async () => {
    const answer = await load();
    setState({ data: answer.data, error: answer.error ?? null, loading: false });
  }, deps);
  useEffect(() => void reload(), [reload]);
  return { ...state, reload };
}

export interface Action {
  error: unknown;
  notice: string | null;
  busy: boolean;
  /**
   * Runs one call; its refusal shows as the error, its success as `done(data)`'s notice,
   * shown once `after` (the screen's re-fetch) has finished, so nothing stale sits beside it.
   */
  run: <T>(
    call: () => Promise<Answer<T>>,
    done: (data: T) => string | null,
    after?: () => Promise<unknown>,
  ) => Promise<boolean>;
  clear: () => void;
}

export function useAction(): Action {
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run: Action['run'] = async (call, done, after) => {
    setBusy(true);
    setNotice(null);
    const answer = await call().catch((): Answer<never> => ({ error: { code: 'NETWORK' } }));
    setBusy(false);
    if (answer.error !== undefined || answer.data === undefined) {
      setError(answer.error ?? { code: 'NETWORK' });
      return false;
    }
    setError(null);
    const notice = done(answer.data);
    if (after) await after();
    setNotice(notice);
    return true;
  };
  return { error, notice, busy, run, clear: () => (setError(null), setNotice(null)) };
}

export type Staff = Schemas['StaffView'];

/** The staff accounts (names for ids); the API allows it to admins, officers and auditors. */
export function useStaff(): Loaded<Staff[]> {
  return useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/staff', { params: { query: { limit: 200 } } });
    return { data: data?.items, error };
  });
}

export function nameOf(staff: Staff[] | undefined, id: string | null | undefined): string {
  if (!id) return '—';
  return staff?.find((member) => member.id === id)?.fullName ?? id.slice(0, 8);
}
