// Revoking many tokens at once, after a confirmation: the selected rows (in batches, with a
// progress bar), or every token of the filtered application or user (one call each).
import { useState } from 'react';
import { Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AdminError } from '../../../shared/admin-contract.ts';
import { callOrThrow, toAdminError, useApi } from '../../lib/api.tsx';
import { ConfirmModal } from '../../components/modals.tsx';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../lib/i18n.ts';
import { formatNumber } from '../../lib/format.ts';

/** Ids per tokens.revoke call, so a long selection shows progress and no call runs long. */
const REVOKE_BATCH = 500;

export type BulkTarget = { kind: 'selected'; ids: string[] } | { kind: 'client'; clientId: string; name: string } | { kind: 'user'; userId: string; name: string };

function title(target: BulkTarget | null): string {
  if (target?.kind === 'selected') return i18n.t('console.bulk.titleSelected', { count: target.ids.length });
  return i18n.t('console.devices.revokeTitle', { name: target?.name ?? '' });
}

function RevocationProgress({ progress }: { progress: { done: number; total: number } }) {
  const { t } = useTranslation();
  if (!progress.total) return <Progress value={100} animated striped aria-label={t('console.bulk.revoking')} />;
  return (
    <>
      <Progress value={(progress.done / progress.total) * 100} aria-label={t('console.bulk.progress')} />
      <Text size="xs" c="dimmed" role="status">
        {t('console.bulk.done', { done: formatNumber(progress.done), total: formatNumber(progress.total) })}
      </Text>
    </>
  );
}

export function BulkRevokeDialog({ target, onBatchRevoked, onDone, onClose }: {
  target: BulkTarget | null;
  /** Called after each batch of selected tokens is revoked, with its ids. */
  onBatchRevoked: (ids: string[]) => void;
  onDone: () => void;
  onClose: () => void;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<AdminError | null>(null);

  const revokeSelected = async (ids: string[]) => {
    let done = 0;
    setProgress({ done, total: ids.length });
    for (let i = 0; i < ids.length; i += REVOKE_BATCH) {
      const batch = ids.slice(i, i + REVOKE_BATCH);
      await callOrThrow(api, 'tokens.revoke', { ids: batch });
      done += batch.length;
      onBatchRevoked(batch);
      setProgress({ done, total: ids.length });
    }
    return i18n.t('console.bulk.revoked', { count: done });
  };
  const revokeAll = async (of: Exclude<BulkTarget, { kind: 'selected' }>) => {
    setProgress({ done: 0, total: 0 });
    const result = of.kind === 'client' ? await callOrThrow(api, 'tokens.revokeByClient', { clientId: of.clientId }) : await callOrThrow(api, 'tokens.revokeByUser', { id: of.userId });
    return i18n.t('console.devices.revoked', { count: result.revoked, name: of.name });
  };

  const run = async () => {
    if (!target) return;
    setError(null);
    try {
      const message = target.kind === 'selected' ? await revokeSelected(target.ids) : await revokeAll(target);
      notifications.show({ color: 'teal', message });
      onDone();
    } catch (cause) {
      setError(toAdminError(cause));
    } finally {
      setProgress(null);
    }
  };

  return (
    <ConfirmModal
      opened={target !== null}
      title={title(target)}
      confirmLabel={t('console.devices.revoke')}
      loading={progress !== null}
      error={error}
      onClose={() => {
        if (progress !== null) return;
        setError(null);
        onClose();
      }}
      onConfirm={() => void run()}
    >
      <Stack gap="xs">
        <Text size="sm">{t('console.bulk.explain')}</Text>
        {progress ? <RevocationProgress progress={progress} /> : null}
      </Stack>
    </ConfirmModal>
  );
}
