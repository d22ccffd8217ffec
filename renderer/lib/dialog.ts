// Which dialog is open, and for what. The target stays while the dialog closes, so its text does
// not vanish during the fade-out; every opening gets a new `key`, so a dialog keyed by it starts
// with fresh state (empty fields, no error from last time) without an effect resetting it.
import { useCallback, useState } from 'react';

export type Dialog<T> = {
  opened: boolean;
  /** What the dialog is (or was last) open for. */
  target: T | null;
  /** Changes with every opening: `key={dialog.key}` remounts the dialog's form. */
  key: number;
  open: (target: T) => void;
  close: () => void;
};

export function useDialog<T = true>(): Dialog<T> {
  const [state, setState] = useState<{ opened: boolean; target: T | null; key: number }>({ opened: false, target: null, key: 0 });
  const open = useCallback((target: T) => setState((s) => ({ opened: true, target, key: s.key + 1 })), []);
  const close = useCallback(() => setState((s) => ({ ...s, opened: false })), []);
  return { ...state, open, close };
}
