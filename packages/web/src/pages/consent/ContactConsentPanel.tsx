import { Alert, Anchor, Badge, Button, Group, Modal, Select, Stack, Text, TextInput, Textarea, Timeline } from '@mantine/core';
import { IconMicrophoneOff, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { hasPermission, useSession } from '../../auth/session';
import { formErrors, notifySuccess } from '../../components/feedback';
import { formatDateTime } from '../../components/format';
import { ErrorState, LoadingState } from '../../components/States';
import { consentKeys, LANGS, STATUS_COLOR, purposeName, type ConsentStateView, type LedgerEvent } from './types';

type Method = 'verbal' | 'ivr_key' | 'email_link' | 'agent_recorded';
const METHODS: Method[] = ['verbal', 'ivr_key', 'email_link', 'agent_recorded'];
const FIELDS = ['purpose', 'callId', 'reference', 'note'] as const;

function RecordConsentForm({ contactId, states, onDone }: { contactId: string; states: ConsentStateView[]; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const consentBased = states.filter((s) => s.requiresConsent);
  const [purpose, setPurpose] = useState(consentBased[0]?.purpose ?? '');
  const [event, setEvent] = useState<'given' | 'refused' | 'withdrawn'>('given');
  const [method, setMethod] = useState<Method>('verbal');
  const [callId, setCallId] = useState('');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [language, setLanguage] = useState<string>(i18n.language.startsWith('pt') ? 'pt-BR' : i18n.language.startsWith('es') ? 'es' : 'en');
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number] | 'form', string>>>({});
  const onCall = method === 'verbal' || method === 'ivr_key';
  const recordingNotice = useQuery({
    queryKey: ['consent', 'recording-notice', language],
    queryFn: () => api<{ text: string }>(`/api/v1/consent/recording-notice?lang=${encodeURIComponent(language)}`),
    enabled: onCall,
  });
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/contacts/${encodeURIComponent(contactId)}/consents`, {
        method: 'POST',
        body: {
          purpose,
          event,
          method,
          language,
          evidence: { ...(callId.trim() ? { callId: callId.trim() } : {}), ...(reference.trim() ? { reference: reference.trim() } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
        },
      }),
    onSuccess: () => {
      notifySuccess(t('consent.contact.recorded'));
      void queryClient.invalidateQueries({ queryKey: consentKeys.contact(contactId) });
      onDone();
    },
    onError: (err) => setErrors(formErrors(t, err, FIELDS)),
  });
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        setErrors({});
        save.mutate();
      }}
      data-testid="consent-record-form"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('consent.contact.recordHelp')}
        </Text>
        {errors.form ? <Alert color="red">{errors.form}</Alert> : null}
        <Select label={t('consent.contact.purpose')} data={consentBased.map((s) => ({ value: s.purpose, label: purposeName({ key: s.purpose, names: s.names }, i18n.language) }))} value={purpose} onChange={(v) => v && setPurpose(v)} error={errors.purpose} allowDeselect={false} />
        <Group grow>
          <Select label={t('consent.contact.decision')} data={(['given', 'refused', 'withdrawn'] as const).map((v) => ({ value: v, label: t(`consent.event.${v}`) }))} value={event} onChange={(v) => v && setEvent(v as typeof event)} allowDeselect={false} />
          <Select label={t('consent.contact.method')} data={METHODS.map((m) => ({ value: m, label: t(`consent.method.${m}`) }))} value={method} onChange={(v) => v && setMethod(v as Method)} allowDeselect={false} />
        </Group>
        <Select label={t('consent.contact.language')} data={LANGS} value={language} onChange={(v) => v && setLanguage(v)} allowDeselect={false} />
        {onCall ? (
          <>
            {recordingNotice.data?.text ? (
              <Alert color="blue" title={t('consent.contact.recordingNotice')}>
                {recordingNotice.data.text}
              </Alert>
            ) : null}
            <TextInput label={t('consent.contact.callId')} value={callId} onChange={(e) => setCallId(e.currentTarget.value)} error={errors.callId} withAsterisk data-testid="consent-call-id" />
          </>
        ) : (
          <TextInput label={t('consent.contact.reference')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} error={errors.reference} withAsterisk />
        )}
        <Textarea label={t('consent.contact.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} autosize minRows={2} withAsterisk={method === 'agent_recorded'} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="consent-record-submit">
            {t('consent.contact.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The contact panel's consent section: state per purpose, the history, and recording consent. */
export function ContactConsentPanel({ contactId }: { contactId: string }) {
  const { t, i18n } = useTranslation();
  const session = useSession(true);
  const [recording, setRecording] = useState(false);
  const consents = useQuery({
    queryKey: consentKeys.contact(contactId),
    queryFn: ({ signal }) => api<{ states: ConsentStateView[]; events: LedgerEvent[] }>(`/api/v1/contacts/${encodeURIComponent(contactId)}/consents`, { signal }),
  });
  if (consents.isPending) return <LoadingState />;
  if (consents.isError) {
    if (consents.error instanceof ApiError && consents.error.status === 403) return null;
    return <ErrorState error={consents.error} onRetry={() => void consents.refetch()} />;
  }
  const { states, events } = consents.data;
  const canRecord = hasPermission(session.data, 'consent:record');
  const recordingState = states.find((s) => s.purpose === 'call_recording');
  return (
    <Stack gap={6} data-testid="contact-consent">
      <Group justify="space-between">
        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
          {t('consent.contact.title')}
        </Text>
        {canRecord ? (
          <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} onClick={() => setRecording(true)} data-testid="consent-record-open">
            {t('consent.contact.record')}
          </Button>
        ) : null}
      </Group>
      {recordingState && recordingState.requiresConsent && !recordingState.valid ? (
        <Alert color="orange" p="xs" icon={<IconMicrophoneOff size={14} />} data-testid="consent-recording-flag">
          <Text size="xs">{t('consent.contact.recordingFlag')}</Text>
        </Alert>
      ) : null}
      {states
        .filter((s) => s.requiresConsent)
        .map((s) => (
          <Group key={s.purpose} justify="space-between" wrap="nowrap" gap={4} data-testid="consent-state" data-purpose={s.purpose} data-status={s.status}>
            <Text size="sm" lineClamp={1}>
              {purposeName({ key: s.purpose, names: s.names }, i18n.language)}
            </Text>
            <Badge size="sm" variant="light" color={STATUS_COLOR[s.status] ?? 'gray'} tt="none">
              {t(`consent.status.${s.status}`)}
            </Badge>
          </Group>
        ))}
      <Text size="xs" fw={600} c="dimmed" mt={4}>
        {t('consent.contact.history')}
      </Text>
      {events.length === 0 ? (
        <Text size="xs" c="dimmed">
          {t('consent.contact.noHistory')}
        </Text>
      ) : (
        <Timeline bulletSize={10} lineWidth={1} data-testid="consent-history">
          {events.slice(0, 20).map((e) => (
            <Timeline.Item key={e.id} color={STATUS_COLOR[e.event] ?? 'gray'} title={<Text size="xs" fw={600}>{`${e.purposeKey} · ${t(`consent.event.${e.event}`)}`}</Text>}>
              <Text size="xs" c="dimmed">
                {formatDateTime(e.at, i18n.language)} · {e.channel} · {t(`consent.method.${e.method}`, { defaultValue: e.method })} · v{e.noticeVersion}
              </Text>
              <Anchor href={e.receiptUrl} target="_blank" rel="noopener" size="xs">
                {t('consent.contact.receipt')}
              </Anchor>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      <Modal opened={recording} onClose={() => setRecording(false)} title={t('consent.contact.recordTitle')} size="lg">
        {recording ? <RecordConsentForm contactId={contactId} states={states} onDone={() => setRecording(false)} /> : null}
      </Modal>
    </Stack>
  );
}
