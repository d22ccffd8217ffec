// The console's link to the hub's account page, where each person manages their own password,
// second factors and tokens. It points at the hub's issuer, so from the desktop app it opens in
// the system browser.
import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconUserCircle } from '@tabler/icons-react';
import { ACCOUNT_PATH } from '../../shared/transport.ts';
import { useOperation } from '../lib/operation.ts';

export function AccountLink() {
  const { t } = useTranslation();
  const status = useOperation('status.get', {});
  const issuer = status.data?.issuer;
  if (!issuer || !URL.canParse(issuer)) return null;
  return (
    <Button component="a" href={`${issuer.replace(/\/$/, '')}${ACCOUNT_PATH}`} target="_blank" rel="noopener" variant="default" leftSection={<IconUserCircle size={16} aria-hidden />} visibleFrom="sm">
      {t('console.shell.myAccount')}
    </Button>
  );
}
