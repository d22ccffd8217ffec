// "New role" and "New scope": both a name and a description, saved with one operation. Key each
// by its opening (useDialog) so it starts empty.
import { useState } from 'react';
import { TextInput } from '@mantine/core';
import type { OperationName } from '../../../shared/admin-contract.ts';
import { FormModal } from '../../components/modals.tsx';
import { fieldError, useSave } from '../../lib/mutation.ts';
import { useTranslation } from 'react-i18next';

type NamedOperation = Extract<OperationName, 'roles.create' | 'scopes.upsert'>;
type Field = { label: string; description?: string; placeholder: string };

function NameDescriptionModal({ operation, opened, onClose, onDone, title, submitLabel, name: nameField, description: descriptionField, saved }: {
  operation: NamedOperation;
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
  title: string;
  submitLabel: string;
  name: Field;
  description: Field;
  /** What the notification says once it is saved. */
  saved: (name: string) => string;
}) {
  const save = useSave(operation, (result) => saved(result.name), onDone);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={title}
      submitLabel={submitLabel}
      mutation={save}
      onSubmit={() => void save.save({ name: name.trim(), description })}
    >
      <TextInput {...nameField} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(save.error, 'name')} data-autofocus />
      <TextInput {...descriptionField} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(save.error, 'description')} />
    </FormModal>
  );
}

type ModalProps = { opened: boolean; onClose: () => void; onDone: () => void };

export function CreateRoleModal(props: ModalProps) {
  const { t } = useTranslation();
  return (
    <NameDescriptionModal
      {...props}
      operation="roles.create"
      title={t('console.roles.newRole')}
      submitLabel={t('console.roles.create')}
      name={{ label: t('console.common.name'), placeholder: t('console.roles.namePlaceholder') }}
      description={{ label: t('console.common.description'), placeholder: t('console.roles.descriptionPlaceholder') }}
      saved={(name) => t('console.roles.created', { name })}
    />
  );
}

export function AddScopeModal(props: ModalProps) {
  const { t } = useTranslation();
  return (
    <NameDescriptionModal
      {...props}
      operation="scopes.upsert"
      title={t('console.roles.newScope')}
      submitLabel={t('console.roles.addScopeSubmit')}
      name={{ label: t('console.roles.scope'), description: t('console.roles.scopeHelp'), placeholder: 'sensors:read' }}
      description={{ label: t('console.common.description'), placeholder: t('console.roles.scopePlaceholder') }}
      saved={(name) => t('console.roles.scopeAdded', { name })}
    />
  );
}
