// A tiny hash router: the screen lives in location.hash (#/applications), so the same build
// works at /console/ in a browser and at app://console/ in Electron without server routing.
import { useSyncExternalStore } from 'react';

const SCREENS = ['dashboard', 'applications', 'devices', 'users', 'roles', 'tokens', 'audit', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

function read(): Screen {
  const name = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'dashboard';
}

function subscribe(callback: () => void) {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

export function useScreen(): Screen {
  return useSyncExternalStore(subscribe, read, () => 'dashboard' as Screen);
}

export const screenHref = (screen: Screen) => `#/${screen}`;

export function navigate(screen: Screen) {
  window.location.hash = `/${screen}`;
}
