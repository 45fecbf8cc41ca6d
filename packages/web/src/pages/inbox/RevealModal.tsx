import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconEye, IconShieldLock } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../components/feedback';

export const MIN_REASON = 5;

/**
 * Asks why the agent needs an original before revealing it. `onReveal` does the request and keeps
 * the answer in the caller's component state (never in the query cache); errors are shown here.
 */
export function RevealModal({
  opened,
  onClose,
  title,
  onReveal,
  explain,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  onReveal: (reason: string) => Promise<void>;
  /** What happens with the original (defaults to the message reveal's explanation). */
  explain?: string;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    if (opened) {
      setReason('');
      setError(null);
      setPending(false);
    }
  }, [opened]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < MIN_REASON) {
      setError(t('inbox.reveal.reasonTooShort'));
      return;
    }
    setPending(true);
    setError(null);
    try {
      await onReveal(reason.trim());
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) setError(t('inbox.reveal.gone'));
      else if (err instanceof ApiError && err.status === 403 && !err.kind.startsWith('mfa')) setError(t('inbox.reveal.forbidden'));
      else if (err instanceof ApiError && err.fieldErrors().reason) setError(err.fieldErrors().reason ?? null);
      else setError(errorMessage(t, err));
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="reveal-form">
        <Stack gap="sm">
          <Alert color="blue" variant="light" icon={<IconShieldLock size={18} />}>
            <Text size="sm">{explain ?? t('inbox.reveal.explain')}</Text>
          </Alert>
          <Textarea
            label={t('inbox.reveal.reason')}
            placeholder={t('inbox.reveal.reasonPlaceholder')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error}
            required
            autosize
            minRows={2}
            maxLength={500}
            data-autofocus
            data-testid="reveal-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" leftSection={<IconEye size={16} />} loading={pending} data-testid="reveal-submit">
              {t('inbox.reveal.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
