// The App Nap guard: on macOS a power-save blocker is held while the hub serves the LAN, and
// released otherwise; elsewhere nothing is taken.
import { describe, expect, it } from 'vitest';
import { appNapGuard } from '../../main/electron/app-nap.ts';

function blocker() {
  const held = new Set<number>();
  let next = 1;
  return {
    held,
    start: (type: string) => {
      expect(type).toBe('prevent-app-suspension');
      held.add(next);
      return next++;
    },
    stop: (id: number) => held.delete(id),
  };
}

describe('appNapGuard', () => {
  it('on macOS holds one blocker while serving the LAN, and releases it', () => {
    const b = blocker();
    const guard = appNapGuard(b, 'darwin');
    expect(guard.update(true)).toBe(true);
    expect(guard.update(true)).toBe(true);
    expect(b.held.size).toBe(1);
    expect(guard.update(false)).toBe(false);
    expect(b.held.size).toBe(0);
  });

  it('takes nothing on Windows and Linux', () => {
    const b = blocker();
    for (const platform of ['win32', 'linux'] as const) expect(appNapGuard(b, platform).update(true)).toBe(false);
    expect(b.held.size).toBe(0);
  });
});
