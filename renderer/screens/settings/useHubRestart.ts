// After a restore the hub restarts: wait until it answers again (a new start time), then reload
// the console on the restored data — where the session may have ended, so it may ask to sign in.
import { useEffect, useState } from 'react';
import { useApi } from '../../lib/api.tsx';

/** Looks once a second, this many times, before saying the hub has not come back. */
const ATTEMPTS = 90;

export type RestartState = { phase: 'idle' } | { phase: 'waiting'; since: string } | { phase: 'back' } | { phase: 'lost' };

export function useHubRestart(reload: () => void = () => window.location.reload()) {
  const api = useApi();
  const [state, setState] = useState<RestartState>({ phase: 'idle' });
  useEffect(() => {
    if (state.phase !== 'waiting') return;
    let attempts = 0;
    let stopped = false;
    const timer = setInterval(() => {
      attempts += 1;
      void api.call('status.get', {}).then((result) => {
        if (stopped) return;
        if (result.ok && result.value.startedAt !== state.since) {
          setState({ phase: 'back' });
          reload();
        } else if (attempts >= ATTEMPTS) setState({ phase: 'lost' });
      });
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, state, reload]);
  return {
    state,
    /** Starts waiting for a hub that was started at `startedAt` to be replaced by a new start. */
    wait: (startedAt: string) => setState({ phase: 'waiting', since: startedAt }),
  };
}
