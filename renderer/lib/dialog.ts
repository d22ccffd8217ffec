// Which dialog is open, and for what. The target stays while the dialog closes, so its text does
// not vanish during the fade-out; every opening gets a new `key`, so a dialog keyed by it starts
// with fresh state (empty fields, no error from last time) without an effect resetting it.
import { useCallback, useId, useRef, useState } from 'react';

export type Dialog<T> = {
  opened: boolean;
  /** What the dialog is (or was last) open for. */
  target: T | null;
  /**
   * Changes with every opening: `key={dialog.key}` remounts the dialog's form. Unique to this
   * dialog too, so two dialogs side by side never share a key (React would mix them up).
   */
  key: string;
  open: (target: T) => void;
  close: () => void;
};

/**
 * What had focus when a dialog opened: the button, or — for a row menu's item, which is gone once
 * the menu closes — the menu's "…" button (Mantine links it by aria-controls).
 */
function opener(): HTMLElement | null {
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const menu = active?.closest('[role="menu"]');
  const target = menu?.id ? [...document.querySelectorAll('[aria-controls]')].find((el) => el.getAttribute('aria-controls') === menu.id) : null;
  return target instanceof HTMLElement ? target : active;
}

/** Mantine returns focus only when a Modal stays mounted; ours remount per opening (the key), so it is done here. */
const RETURN_FOCUS_AFTER_MS = 50;

export function useDialog<T = true>(): Dialog<T> {
  const [state, setState] = useState<{ opened: boolean; target: T | null; key: number }>({ opened: false, target: null, key: 0 });
  const openedFrom = useRef<HTMLElement | null>(null);
  const open = useCallback((target: T) => {
    openedFrom.current = opener();
    setState((s) => ({ opened: true, target, key: s.key + 1 }));
  }, []);
  const close = useCallback(() => {
    setState((s) => ({ ...s, opened: false }));
    const back = openedFrom.current;
    // Focus is in the dialog as it closes; if it is still there (or fell to the page) a moment
    // later, nobody moved it on purpose: give it back to what opened the dialog.
    const inside = document.activeElement;
    setTimeout(() => {
      const now = document.activeElement;
      if ((!now || now === document.body || now === inside) && back?.isConnected) back.focus();
    }, RETURN_FOCUS_AFTER_MS);
  }, []);
  const id = useId();
  return { ...state, key: `${id}${state.key}`, open, close };
}
