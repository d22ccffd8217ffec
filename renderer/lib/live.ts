// The hub's live events in React: a listener that always sees the latest render, and a
// throttled reload for screens that refetch when something they show may have changed.
import { useEffect, useEffectEvent, useRef } from 'react';
import type { EventType, HubEvent } from '../../shared/admin-contract.ts';
import { useApi } from './api.tsx';

/** Calls `listener` with each live event; the listener may change between renders. */
export function useHubEvents(listener: (event: HubEvent) => void) {
  const api = useApi();
  const onEvent = useEffectEvent(listener);
  useEffect(() => api.subscribe((event) => onEvent(event)), [api]);
}

/** Time between reloads caused by live events: a busy hub costs at most one request per this. */
const REFRESH_THROTTLE_MS = 500;

/**
 * Calls `reload` after a live event of one of `types` arrives, at most once per `ms`
 * (a throttle, not a debounce, so a steady stream cannot starve it).
 */
export function useThrottledRefresh(types: readonly EventType[] | undefined, reload: () => void, ms = REFRESH_THROTTLE_MS) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useHubEvents((event) => {
    if (!types?.includes(event.type) || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      reload();
    }, ms);
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
}
