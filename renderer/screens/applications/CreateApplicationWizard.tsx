// "New application": a three-step wizard (kind, details, lifetimes) that creates the client and
// hands back its secret, if it has one, to be shown once. Enter moves on; the last step creates.
// Key it by each opening (useDialog) so it starts empty.
import { Button, Group, Modal, Stack, Stepper } from '@mantine/core';
import type { Client } from '../../../shared/admin-contract.ts';
import { ErrorAlert } from '../../components/common.tsx';
import { useMutation } from '../../lib/mutation.ts';
import { createInput, LAST_STEP, useDraft } from './useDraft.ts';
import { DetailsStep, KindStep, LifetimesStep } from './WizardSteps.tsx';
import { useTranslation } from 'react-i18next';

export function CreateApplicationWizard({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (client: Client, secret: string | null) => void }) {
  const state = useDraft();
  const { step, setStep, draft } = state;
  const create = useMutation('clients.create');
  const { t } = useTranslation();
  const error = state.missing ?? create.error;

  const submit = async () => {
    if (!draft.kind) return;
    const result = await create.run(createInput({ ...draft, kind: draft.kind }), state.showRefusal);
    if (result) onCreated(result.client, result.clientSecret);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('console.applications.new')} size="xl" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (step < LAST_STEP) state.next();
          else void submit();
        }}
      >
        <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} size="sm" mb="md">
          <Stepper.Step label={t('console.applications.kind')} description={t('console.wizard.step1')}>
            <KindStep state={state} error={error} />
          </Stepper.Step>
          <Stepper.Step label={t('console.wizard.details')} description={t('console.wizard.step2')}>
            <DetailsStep state={state} error={error} />
          </Stepper.Step>
          <Stepper.Step label={t('console.wizard.lifetimes')} description={t('console.wizard.step3')}>
            <LifetimesStep state={state} error={error} />
          </Stepper.Step>
        </Stepper>
        <Stack>
          <ErrorAlert error={error} />
          <Group justify="space-between">
            <Button type="button" variant="default" onClick={step === 0 ? onClose : () => setStep((s) => s - 1)}>
              {step === 0 ? t('console.common.cancel') : t('console.common.back')}
            </Button>
            {step < LAST_STEP ? (
              <Button type="submit">{t('console.common.next')}</Button>
            ) : (
              <Button type="submit" loading={create.loading}>
                {t('console.wizard.create')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
