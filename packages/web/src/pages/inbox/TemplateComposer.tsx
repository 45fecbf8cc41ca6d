import { Alert, Button, Group, Modal, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
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

type MediaSource = 'link' | 'id';

/** What the template needs besides its body parameters: a header parameter, URL suffixes, payloads. */
function needsOf(template: WhatsAppTemplate | null) {
  const header = template?.header;
  const headerKind = !header ? null : header.format === 'TEXT' ? (header.paramCount > 0 ? 'text' : null) : header.format === 'LOCATION' ? 'unsupported' : 'media';
  const buttons = (template?.buttons ?? []).map((b, index) => ({ ...b, index, kind: b.type === 'URL' && b.paramCount > 0 ? ('url' as const) : b.type === 'QUICK_REPLY' ? ('quick_reply' as const) : null }));
  return { headerKind, buttons: buttons.filter((b) => b.kind !== null) };
}

/**
 * Sends an approved WhatsApp template with its parameters: the only message WhatsApp delivers
 * outside the 24-hour window. Body, header (text, or a media file by https link or WhatsApp media
 * id) and button parameters (a URL's suffix, a quick reply's payload) are asked for only when the
 * template has them; they are typed into the form only, and the server fills, masks and seals the
 * text like any reply.
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
  const [headerValue, setHeaderValue] = useState('');
  const [mediaSource, setMediaSource] = useState<MediaSource>('link');
  const [filename, setFilename] = useState('');
  const [buttonValues, setButtonValues] = useState<Record<number, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [confirmTypes, setConfirmTypes] = useState<string[] | null>(null);

  const items = templates.data?.items ?? [];
  const template = items.find((x) => x.id === templateId) ?? null;
  const needs = needsOf(template);
  useEffect(() => {
    setParameters(template ? Array.from({ length: template.paramCount }, () => '') : []);
    setHeaderValue('');
    setFilename('');
    setButtonValues({});
    setErrors({});
  }, [template?.id, template?.paramCount]);

  const send = async (confirmed: boolean) => {
    if (!template || sending) return;
    const local: Record<string, string> = {};
    parameters.forEach((p, i) => {
      if (!p.trim()) local[`parameters.${i}`] = t('validation.required');
    });
    if (needs.headerKind === 'text' || needs.headerKind === 'media') {
      if (!headerValue.trim()) local.header = t('validation.required');
    }
    for (const b of needs.buttons) if (b.kind === 'url' && !(buttonValues[b.index] ?? '').trim()) local[`button.${b.index}`] = t('validation.required');
    setErrors(local);
    if (Object.keys(local).length) return;
    const format = template.header?.format.toLowerCase() as 'image' | 'document' | 'video' | undefined;
    const header =
      needs.headerKind === 'text'
        ? { type: 'text', text: headerValue.trim() }
        : needs.headerKind === 'media' && format
          ? { type: format, [mediaSource]: headerValue.trim(), ...(format === 'document' && filename.trim() ? { filename: filename.trim() } : {}) }
          : undefined;
    // Quick replies without a payload are left out: WhatsApp then reports the button's text.
    const sentButtons = needs.buttons
      .filter((b) => (buttonValues[b.index] ?? '').trim())
      .map((b) => (b.kind === 'url' ? { index: b.index, subType: 'url', text: buttonValues[b.index]!.trim() } : { index: b.index, subType: 'quick_reply', payload: buttonValues[b.index]!.trim() }));
    setSending(true);
    try {
      await api(`/api/v1/conversations/${encodeURIComponent(conversationId)}/template-messages`, {
        method: 'POST',
        body: {
          templateId: template.id,
          parameters: parameters.map((p) => p.trim()),
          ...(header ? { header } : {}),
          ...(sentButtons.length ? { buttons: sentButtons } : {}),
          ...(confirmed ? { confirmed: true } : {}),
        },
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
        for (const e of err.problem.errors ?? []) {
          const field = e.field.replace(/^\/?(body\.)?/, '').replace(/\//g, '.');
          // buttons.N.* names the N-th button sent: shown under that button's field.
          const button = /^buttons\.(\d+)/.exec(field);
          const key = button ? `button.${sentButtons[Number(button[1])]?.index ?? 0}` : field.startsWith('header') ? 'header' : field;
          byField[key] = e.message;
        }
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
          {needs.headerKind === 'unsupported' ? (
            <Alert color="yellow" variant="light" data-testid="template-header-unsupported">
              {t('whatsapp.template.headerUnsupported')}
            </Alert>
          ) : null}
          {needs.headerKind === 'text' ? (
            <TextInput
              size="sm"
              label={t('whatsapp.template.headerText')}
              description={template.header?.text}
              value={headerValue}
              maxLength={60}
              error={errors.header}
              onChange={(e) => setHeaderValue(e.currentTarget.value)}
              data-testid="template-header-text"
            />
          ) : null}
          {needs.headerKind === 'media' ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t(`whatsapp.template.headerMedia.${template.header!.format}`)}
              </Text>
              <SegmentedControl
                size="xs"
                value={mediaSource}
                onChange={(v) => setMediaSource(v as MediaSource)}
                data={[
                  { value: 'link', label: t('whatsapp.template.mediaLink') },
                  { value: 'id', label: t('whatsapp.template.mediaId') },
                ]}
                data-testid="template-header-source"
              />
              <TextInput
                size="sm"
                aria-label={t(`whatsapp.template.headerMedia.${template.header!.format}`)}
                placeholder={mediaSource === 'link' ? 'https://' : '1234567890'}
                description={mediaSource === 'link' ? t('whatsapp.template.mediaLinkHelp') : t('whatsapp.template.mediaIdHelp')}
                value={headerValue}
                error={errors.header}
                onChange={(e) => setHeaderValue(e.currentTarget.value)}
                data-testid="template-header-media"
              />
              {template.header!.format === 'DOCUMENT' ? (
                <TextInput size="sm" label={t('whatsapp.template.filename')} value={filename} maxLength={240} onChange={(e) => setFilename(e.currentTarget.value)} data-testid="template-header-filename" />
              ) : null}
            </Stack>
          ) : null}
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
          {needs.buttons.map((b) => (
            <TextInput
              key={b.index}
              size="sm"
              label={b.kind === 'url' ? t('whatsapp.template.buttonUrl', { text: b.text }) : t('whatsapp.template.buttonPayload', { text: b.text })}
              description={b.kind === 'url' ? b.url : t('whatsapp.template.buttonPayloadHelp')}
              value={buttonValues[b.index] ?? ''}
              maxLength={b.kind === 'url' ? 2000 : 256}
              error={errors[`button.${b.index}`] ?? (b === needs.buttons[0] ? errors.buttons : undefined)}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setButtonValues((x) => ({ ...x, [b.index]: value }));
              }}
              data-testid={b.kind === 'url' ? 'template-button-url' : 'template-button-payload'}
            />
          ))}
          <Paper withBorder p="xs" radius="sm" bg="var(--mantine-color-gray-0)">
            <Text size="xs" c="dimmed">
              {t('whatsapp.template.preview')}
            </Text>
            {template.header?.format === 'TEXT' && template.header.text ? (
              <Text size="sm" fw={700} data-testid="template-preview-header">
                {fillTemplate(template.header.text, [headerValue])}
              </Text>
            ) : null}
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="template-preview">
              {fillTemplate(template.bodyText, parameters)}
            </Text>
          </Paper>
          <Group justify="flex-end">
            <Button leftSection={<IconTemplate size={16} />} onClick={() => void send(false)} loading={sending && confirmTypes === null} disabled={needs.headerKind === 'unsupported'} data-testid="template-send">
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
