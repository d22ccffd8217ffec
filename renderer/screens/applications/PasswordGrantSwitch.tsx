// The per-application exception to "the password grant refuses users with a second factor": for
// apps that know no other way to sign in (Smartenit-style). Off by default, with a warning.
import { Alert, Stack, Switch } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

export function PasswordWithSecondFactorSwitch({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <Stack gap="xs">
      <Switch
        label="Allow the password grant for users with a second factor"
        description="The password grant cannot ask for a code, so it normally refuses such users."
        checked={checked}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      {checked ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="The password alone is then enough">
          For this application, anyone who knows a user's password gets their tokens, even if the user set up a second factor. Allow it only for apps that
          cannot sign in any other way.
        </Alert>
      ) : null}
    </Stack>
  );
}
