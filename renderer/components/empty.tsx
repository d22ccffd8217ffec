// What an empty list says: that nothing exists yet (and how to start), or that nothing matches
// the search or filters (and how to see more).
import type { ReactNode } from 'react';
import { EmptyState } from '@mantine/core';

type Text = { title: string; description: ReactNode };

export function ListEmptyState({ filtered, icon, empty, noMatch, action }: {
  filtered: boolean;
  icon: ReactNode;
  empty: Text;
  /** What to say when a search or filter is on; `icon` replaces the list's own. */
  noMatch: Text & { icon?: ReactNode };
  /** A button offered when nothing exists yet. */
  action?: ReactNode;
}) {
  const text = filtered ? noMatch : empty;
  return (
    <EmptyState icon={(filtered && noMatch.icon) || icon} title={text.title} description={text.description}>
      {!filtered && action ? <EmptyState.Actions>{action}</EmptyState.Actions> : null}
    </EmptyState>
  );
}
