import { Alert, Button, Group, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconTemplate } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Items } from '../../api/types';
import { notifyError, notifySuccess } from '../../components/feedback';
import { inboxKeys } from '../../realtime/useRealtimeFeed';
import { piiTypeList } from './labels';
import { fillTemplate, type WhatsAppTemplate } from './whatsapp';

/**
 * Sends an approved WhatsApp template with its parameters: the only message WhatsApp delivers
 * outside the 24-hour window. The parameters are typed into the form only; the server fills,
 * masks and seals the text like any reply.
 */
export function TemplateComposer({ conversationId, channelId }: { conversationId: string; channelId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const templates = useQuery({
    queryKey: ['whatsapp-templates', channelId, 'approved'],
    queryFn: () => api<Items<WhatsAppTemplate>>(`/api/v1/channels/${encodeURIComponent(channelId)}/templates?approved=true`),
    staleTime: 60_000,
  });
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [parameters, setParameters] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [confirmTypes, setConfirmTypes] = useState<string[] | null>(null);

  const items = templates.data?.items ?? [];
  const template = items.find((x) => x.id === templateId) ?? null;
  useEffect(() => {
    setParameters(template ? Array.from({ length: template.paramCount }, () => '') : []);
    setErrors({});
  }, [template?.id, template?.paramCount]);

  const send = async (confirmed: boolean) => {
    if (!template || sending) return;
    const local: Record<string, string> = {};
    parameters.forEach((p, i) => {
      if (!p.trim()) local[`parameters.${i}`] = t('validation.required');
    });
    setErrors(local);
    if (Object.keys(local).length) return;
    setSending(true);
    try {
      await api(`/api/v1/conversations/${encodeURIComponent(conversationId)}/template-messages`, {
        method: 'POST',
        body: { templateId: template.id, parameters: parameters.map((p) => p.trim()), ...(confirmed ? { confirmed: true } : {}) },
      });
      notifySuccess(t('whatsapp.template.sent'));
      setTemplateId(null);
      setConfirmTypes(null);
      await Promise.all([queryClient.invalidateQueries({ queryKey: inboxKeys.messages(conversationId) }), queryClient.invalidateQueries({ queryKey: inboxKeys.conversations })]);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.kind === 'sensitive-content') {
        setConfirmTypes(Array.isArray(err.problem.piiTypes) ? (err.problem.piiTypes as string[]) : []);
      } else if (err instanceof ApiError && (err.problem.errors ?? []).length) {
        const byField: Record<string, string> = {};
        for (const e of err.problem.errors ?? []) byField[e.field.replace(/^\/?(body\.)?/, '').replace(/\//g, '.')] = e.message;
        setErrors(byField);
        setConfirmTypes(null);
      } else {
        setConfirmTypes(null);
        notifyError(t, err);
      }
    } finally {
      setSending(false);
    }
  };

  if (templates.isError) return <Alert color="red" variant="light">{t('whatsapp.template.loadError')}</Alert>;
  if (templates.isSuccess && items.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="template-none">
        {t('whatsapp.template.none')}
      </Text>
    );
  }

  return (
    <Stack gap={6} data-testid="template-composer">
      <Select
        size="sm"
        label={t('whatsapp.template.label')}
        placeholder={t('whatsapp.template.placeholder')}
        value={templateId}
        onChange={setTemplateId}
        data={items.map((x) => ({ value: x.id, label: `${x.name} · ${x.language}` }))}
        error={errors.templateId}
        comboboxProps={{ withinPortal: true }}
        data-testid="template-select"
      />
      {template ? (
        <>
          {parameters.map((value, i) => (
            <TextInput
              key={i}
              size="sm"
              label={t('whatsapp.template.parameter', { n: i + 1 })}
              value={value}
              maxLength={1024}
              error={errors[`parameters.${i}`] ?? (i === 0 ? errors.parameters : undefined)}
              onChange={(e) => {
                const next = [...parameters];
                next[i] = e.currentTarget.value;
                setParameters(next);
              }}
              data-testid="template-parameter"
            />
          ))}
          <Paper withBorder p="xs" radius="sm" bg="var(--mantine-color-gray-0)">
            <Text size="xs" c="dimmed">
              {t('whatsapp.template.preview')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="template-preview">
              {fillTemplate(template.bodyText, parameters)}
            </Text>
          </Paper>
          <Group justify="flex-end">
            <Button leftSection={<IconTemplate size={16} />} onClick={() => void send(false)} loading={sending && confirmTypes === null} data-testid="template-send">
              {t('whatsapp.template.send')}
            </Button>
          </Group>
        </>
      ) : null}

      <Modal opened={confirmTypes !== null} onClose={() => setConfirmTypes(null)} title={t('inbox.sensitiveConfirm.title')} centered>
        <Stack>
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
            <Text size="sm">{t('inbox.sensitiveConfirm.body', { types: piiTypeList(t, confirmTypes ?? []) })}</Text>
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmTypes(null)} data-autofocus>
              {t('inbox.sensitiveConfirm.edit')}
            </Button>
            <Button color="orange" loading={sending} onClick={() => void send(true)}>
              {t('inbox.sensitiveConfirm.sendAnyway')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
