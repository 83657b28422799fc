import { Button, Field, Flex, Modal, Textarea, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../api';
import { useMessages } from './i18n';

export interface ActionRequest {
  title: string;
  /** What will happen, shown above the reason. */
  description: string;
  confirmLabel: string;
  /** `required`: the server needs a reason (reject, suspend, block, hide); `optional`; `none`: a plain confirmation. */
  reason: 'required' | 'optional' | 'none';
  reasonLabel?: string;
  /** A second free-text field (an internal note). */
  note?: string;
  danger?: boolean;
  success: string;
  run: (reason: string, note: string) => Promise<unknown>;
}

/**
 * The confirmation of every action: asks for the reason when the action takes one, runs it, and reports success
 * or the server's refusal as a notification (the dialog stays open on failure).
 */
export const ActionDialog = ({
  request,
  onClose,
  onDone,
}: {
  request: ActionRequest | null;
  onClose: () => void;
  onDone: () => void;
}) => {
  const { m } = useMessages();
  const { toggleNotification } = useNotification();
  const [reason, setReason] = React.useState('');
  const [note, setNote] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string>();

  React.useEffect(() => {
    setReason('');
    setNote('');
    setError(undefined);
    setBusy(false);
  }, [request]);

  if (!request) return null;
  const missing = request.reason === 'required' && !reason.trim();

  const confirm = async () => {
    if (missing) {
      setError(m('dialog.reasonRequired', 'A reason is required'));
      return;
    }
    setBusy(true);
    try {
      await request.run(reason.trim(), note.trim());
      toggleNotification({ type: 'success', message: request.success });
      onDone();
      onClose();
    } catch (failure) {
      const message = errorMessage(failure);
      setError(message);
      toggleNotification({ type: 'danger', message });
      setBusy(false);
    }
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && !busy && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{request.title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography>{request.description}</Typography>
            {request.reason !== 'none' && (
              <Field.Root name="reason" required={request.reason === 'required'} error={error}>
                <Field.Label>{request.reasonLabel ?? m('dialog.reason', 'Reason')}</Field.Label>
                <Textarea
                  name="reason"
                  value={reason}
                  onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)}
                />
                <Field.Error />
              </Field.Root>
            )}
            {request.note && (
              <Field.Root name="note">
                <Field.Label>{request.note}</Field.Label>
                <Textarea
                  name="note"
                  value={note}
                  onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setNote(e.target.value)}
                />
              </Field.Root>
            )}
            {request.reason === 'none' && error && (
              <Typography textColor="danger600" role="alert">
                {error}
              </Typography>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose} disabled={busy}>
            {m('dialog.cancel', 'Cancel')}
          </Button>
          <Button variant={request.danger ? 'danger' : 'default'} onClick={confirm} loading={busy}>
            {request.confirmLabel}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
