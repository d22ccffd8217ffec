// Searching a list on the hub as the operator types: the box, and the debounced query it sends.
import { useState } from 'react';
import { TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';

const SEARCH_DEBOUNCE_MS = 250;

/** What is typed, and the trimmed query to send once typing pauses. */
export function useSearch() {
  const [typed, setTyped] = useState('');
  const [query] = useDebouncedValue(typed.trim(), SEARCH_DEBOUNCE_MS);
  return { typed, setTyped, query };
}

export function SearchInput({ search, label, placeholder }: { search: ReturnType<typeof useSearch>; label: string; placeholder: string }) {
  return (
    <TextInput
      leftSection={<IconSearch size={16} aria-hidden />}
      placeholder={placeholder}
      aria-label={label}
      value={search.typed}
      onChange={(e) => search.setTyped(e.currentTarget.value)}
      maw={420}
    />
  );
}
