// Tokens issued and requests refused per minute over the last hour: `metrics.timeline` as the
// backfill (token.issued is live-only, not in the audit log), read again every minute so the
// window rolls on, plus the live `token.issued` and `grant.refused` events since, on top.
import { useEffect, useMemo, useState } from 'react';
import { callOrThrow, useApi } from '../../lib/api.tsx';
import { useHubEvents } from '../../lib/live.ts';

const MINUTE = 60_000;
/** The chart's window, in minutes. */
const WINDOW = 60;
/** The backfill is read again this often, so the window rolls on and live counts are checked. */
const TIMELINE_REFRESH_MS = 60_000;
/** Live events kept between two reads of the backfill, at most. */
const LIVE_CAP = 5000;

type Counts = { issued: number; refused: number };
type Point = Counts & { at: number };
type LiveEvent = { at: number; type: 'token.issued' | 'grant.refused' };

const minuteOf = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
const label = (start: number) => {
  const t = new Date(start);
  return `${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}`;
};

/** The window's per-minute buckets (for the chart) and totals, from the backfill and the live events on top. */
function buckets(timeline: Point[] | null, live: LiveEvent[], now: number) {
  const counts = new Map<number, Counts>();
  for (const p of timeline ?? []) counts.set(p.at, { issued: p.issued, refused: p.refused });
  for (const e of live) {
    const bucket = counts.get(minuteOf(e.at)) ?? { issued: 0, refused: 0 };
    counts.set(minuteOf(e.at), { issued: bucket.issued + (e.type === 'token.issued' ? 1 : 0), refused: bucket.refused + (e.type === 'grant.refused' ? 1 : 0) });
  }
  // The window ends at the current minute (or the hub's, if its clock is ahead of this one).
  const last = live.reduce((max, e) => Math.max(max, minuteOf(e.at)), Math.max(minuteOf(now), timeline?.at(-1)?.at ?? 0));
  const points = Array.from({ length: WINDOW }, (_, i) => {
    const start = last - (WINDOW - 1 - i) * MINUTE;
    return { start, ...(counts.get(start) ?? { issued: 0, refused: 0 }) };
  });
  return {
    buckets: points.map((p) => ({ minute: label(p.start), issued: p.issued, refused: p.refused })),
    issued: points.reduce((sum, p) => sum + p.issued, 0),
    refused: points.reduce((sum, p) => sum + p.refused, 0),
  };
}

export function useActivity() {
  const api = useApi();
  const [read, setRead] = useState<{ timeline: Point[]; at: number } | null>(null);
  const [live, setLive] = useState<LiveEvent[]>([]);
  const [lastLive, setLastLive] = useState(0);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    callOrThrow(api, 'metrics.timeline', { minutes: WINDOW }).then(
      (points) => {
        if (!current) return;
        // What arrived live until now is counted in the timeline.
        setLive([]);
        setRead({ timeline: points.map((p) => ({ at: Date.parse(p.at), issued: p.issued, refused: p.refused })), at: Date.now() });
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, tick]);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), TIMELINE_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  useHubEvents((event) => {
    if (event.type !== 'token.issued' && event.type !== 'grant.refused') return;
    setLive((current) => [...current.slice(-LIVE_CAP), { at: Date.parse(event.at), type: event.type as LiveEvent['type'] }]);
    setLastLive(Date.now());
  });
  const now = Math.max(read?.at ?? 0, lastLive);
  return useMemo(() => buckets(read?.timeline ?? null, live, now), [read, live, now]);
}
