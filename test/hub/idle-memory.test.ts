// One memory-reducing collection once the hub goes quiet, not one per quiet interval, and again
// after the next burst; nothing at all while requests keep coming.
import { expect, test, vi } from 'vitest';
import { releaseMemoryWhenIdle } from '../../main/hub/idle-memory.ts';

const burst = (idle: { busy(): void }, ms: number) => {
  for (let t = 0; t < ms; t += 500) {
    idle.busy();
    vi.advanceTimersByTime(500);
  }
};

test('collects once per quiet spell, never while requests come in', () => {
  vi.useFakeTimers();
  try {
    const collect = vi.fn();
    const idle = releaseMemoryWhenIdle(1000, collect);
    burst(idle, 5000); // a request every half second: never a full quiet second
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1250); // quiet for a second (and a quarter, the timer's step)
    expect(collect).toHaveBeenCalledTimes(1);
    expect(collect).toHaveBeenCalledWith({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    vi.advanceTimersByTime(10_000); // still quiet: no second collection
    expect(collect).toHaveBeenCalledTimes(1);
    burst(idle, 3000);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1250);
    expect(collect).toHaveBeenCalledTimes(2);
    idle.stop();
  } finally {
    vi.useRealTimers();
  }
});

test('without gc (the process was started without --expose-gc) it does nothing', () => {
  vi.useFakeTimers();
  try {
    const idle = releaseMemoryWhenIdle(1000, undefined);
    expect(() => vi.advanceTimersByTime(5000)).not.toThrow();
    idle.stop();
  } finally {
    vi.useRealTimers();
  }
});
