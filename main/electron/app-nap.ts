// macOS App Nap: a hidden app that is not drawing, playing audio or holding a power
// assertion gets its timers coalesced, its I/O throttled and its priority lowered — for a
// hub answering LAN devices, slow sign-ins after the window is closed. Apple exempts apps
// that hold an IOKit power assertion; Electron's `prevent-app-suspension` blocker takes one
// (electron/electron#2395, #4465). It also keeps the Mac from idle sleep — which a hub
// serving the LAN needs anyway (a sleeping Mac answers nobody); lid-close and manual sleep
// still sleep. So: held on macOS while the hub runs for the LAN, released otherwise.
// Windows and Linux have no App Nap; their sleep settings stay the operator's.
// Pure (main.ts passes Electron's powerSaveBlocker), so it is tested directly.
export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): boolean;
}

export function appNapGuard(powerSaveBlocker: PowerSaveBlockerLike, platform: NodeJS.Platform = process.platform) {
  let id: number | null = null;
  return {
    /** Call on every hub state change: hold the blocker while `servingLan`. */
    update(servingLan: boolean): boolean {
      if (platform !== 'darwin') return false;
      if (servingLan && id === null) id = powerSaveBlocker.start('prevent-app-suspension');
      if (!servingLan && id !== null) {
        powerSaveBlocker.stop(id);
        id = null;
      }
      return id !== null;
    },
  };
}
