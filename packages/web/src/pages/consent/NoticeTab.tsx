import { Alert, Anchor, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconExternalLink } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formErrors, notifyError, notifySuccess } from '../../components/feedback';
import { formatDate } from '../../components/format';
import { ErrorState, LoadingState } from '../../components/States';
import { consentKeys, LANGS, type Lang, type NoticeContent, type NoticePreview, type NoticeSettings, type NoticeVersion } from './types';

const SETTINGS_FIELDS = ['controllerName', 'controllerIdNumber', 'controllerAddress', 'controllerEmail', 'dpoName', 'dpoEmail', 'rightsUrl'] as const;

function SettingsForm({ initial, canManage }: { initial: NoticeSettings; canManage: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [s, setS] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<(typeof SETTINGS_FIELDS)[number] | 'form', string>>>({});
  useEffect(() => setS(initial), [initial]);
  const save = useMutation({
    mutationFn: () => api<NoticeSettings>('/api/v1/consent/notice-settings', { method: 'PUT', body: s }),
    onSuccess: () => {
      notifySuccess(t('consent.notice.settingsSaved'));
      void queryClient.invalidateQueries({ queryKey: ['consent'] });
    },
    onError: (err) => setErrors(formErrors(t, err, SETTINGS_FIELDS)),
  });
  const field = (key: (typeof SETTINGS_FIELDS)[number], label: string) => (
    <TextInput label={label} value={s[key]} onChange={(e) => setS({ ...s, [key]: e.currentTarget.value })} error={errors[key]} readOnly={!canManage} />
  );
  const text = (lang: Lang, key: 'intro' | 'short' | 'recording') => (
    <Textarea
      label={t(`consent.notice.${key}`)}
      value={s.texts[lang]?.[key] ?? ''}
      onChange={(e) => setS({ ...s, texts: { ...s.texts, [lang]: { ...s.texts[lang], [key]: e.currentTarget.value } } })}
      autosize
      minRows={2}
      readOnly={!canManage}
    />
  );
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        setErrors({});
        save.mutate();
      }}
      data-testid="notice-settings"
    >
      <Stack gap="sm">
        {errors.form ? <Alert color="red">{errors.form}</Alert> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {field('controllerName', t('consent.notice.controllerName'))}
          {field('controllerIdNumber', t('consent.notice.controllerId'))}
          {field('controllerAddress', t('consent.notice.controllerAddress'))}
          {field('controllerEmail', t('consent.notice.controllerEmail'))}
          {field('dpoName', t('consent.notice.dpoName'))}
          {field('dpoEmail', t('consent.notice.dpoEmail'))}
        </SimpleGrid>
        {field('rightsUrl', t('consent.notice.rightsUrl'))}
        <Text fw={600} size="sm" mt="xs">
          {t('consent.notice.texts')}
        </Text>
        <Tabs defaultValue="pt-BR">
          <Tabs.List>
            {LANGS.map((l) => (
              <Tabs.Tab key={l} value={l}>
                {l}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {LANGS.map((l) => (
            <Tabs.Panel key={l} value={l} pt="xs">
              <Stack gap="xs">
                {text(l, 'intro')}
                {text(l, 'short')}
                {text(l, 'recording')}
              </Stack>
            </Tabs.Panel>
          ))}
        </Tabs>
        {canManage ? (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} data-testid="notice-settings-save">
              {t('consent.notice.saveSettings')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

/** The notice as customers read it, in one of the three languages. */
export function NoticeView({ content, testId }: { content: NoticeContent; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tabs defaultValue="pt-BR" data-testid={testId}>
      <Tabs.List>
        {LANGS.map((l) => (
          <Tabs.Tab key={l} value={l} data-testid={`notice-lang-${l}`}>
            {l}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {LANGS.map((l) => {
        const texts = content.texts[l];
        return (
          <Tabs.Panel key={l} value={l} pt="sm" lang={l}>
            <Stack gap="sm">
              <Title order={4}>{texts.title}</Title>
              <Card withBorder bg="blue.0" p="sm">
                <Text size="xs" fw={600} c="dimmed">
                  {t('consent.notice.shortLabel')}
                </Text>
                <Text size="sm" data-testid="notice-short">
                  {texts.short}
                </Text>
              </Card>
              {texts.sections.map((section) => (
                <Stack key={section.id} gap={4}>
                  <Text fw={600}>{section.heading}</Text>
                  {section.paragraphs.map((p, i) => (
                    <Text key={i} size="sm" style={{ whiteSpace: 'pre-line' }}>
                      {p}
                    </Text>
                  ))}
                </Stack>
              ))}
            </Stack>
          </Tabs.Panel>
        );
      })}
    </Tabs>
  );
}

export function NoticeTab({ canManage }: { canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: consentKeys.settings, queryFn: () => api<NoticeSettings>('/api/v1/consent/notice-settings') });
  const preview = useQuery({ queryKey: consentKeys.preview, queryFn: () => api<NoticePreview>('/api/v1/consent/notices/preview') });
  const notices = useQuery({ queryKey: consentKeys.notices, queryFn: () => api<{ items: NoticeVersion[]; publicUrl: string }>('/api/v1/consent/notices') });
  const [changeNote, setChangeNote] = useState('');
  const [effectiveAt, setEffectiveAt] = useState('');

  const publish = useMutation({
    mutationFn: () => api<NoticeVersion>('/api/v1/consent/notices', { method: 'POST', body: { changeNote, ...(effectiveAt ? { effectiveAt: new Date(effectiveAt).toISOString() } : {}) } }),
    onSuccess: (v) => {
      notifySuccess(t('consent.notice.published', { version: v.version }));
      setChangeNote('');
      void queryClient.invalidateQueries({ queryKey: ['consent'] });
    },
    onError: (err) => notifyError(t, err),
  });

  if (settings.isPending || preview.isPending || notices.isPending) return <LoadingState />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  if (preview.isError) return <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />;
  if (notices.isError) return <ErrorState error={notices.error} onRetry={() => void notices.refetch()} />;
  const p = preview.data;

  return (
    <Stack gap="lg">
      <Card withBorder radius="md">
        <Title order={4} mb="sm">
          {t('consent.notice.settings')}
        </Title>
        <SettingsForm initial={settings.data} canManage={canManage} />
      </Card>

      <Card withBorder radius="md" data-testid="notice-preview-card">
        <Group justify="space-between" mb="sm">
          <Title order={4}>{t('consent.notice.preview')}</Title>
          <Code fz="xs">{p.contentHash.slice(0, 16)}…</Code>
        </Group>
        {!p.changed && p.currentVersion ? (
          <Alert color="gray" mb="sm">
            {t('consent.notice.unchanged', { version: p.currentVersion })}
          </Alert>
        ) : null}
        {p.renewalPurposes.length ? (
          <Alert color="yellow" icon={<IconAlertTriangle size={16} />} mb="sm" data-testid="notice-renewal">
            {t('consent.notice.renewal', { purposes: p.renewalPurposes.join(', ') })}
          </Alert>
        ) : null}
        <NoticeView content={p.content} testId="notice-preview" />
        {canManage && p.changed ? (
          <Stack gap="xs" mt="md">
            <Group grow align="flex-end">
              <TextInput label={t('consent.notice.changeNote')} value={changeNote} onChange={(e) => setChangeNote(e.currentTarget.value)} maxLength={1000} />
              <TextInput type="datetime-local" label={t('consent.notice.effectiveAt')} description={t('consent.notice.effectiveHelp')} value={effectiveAt} onChange={(e) => setEffectiveAt(e.currentTarget.value)} />
            </Group>
            <Group justify="flex-end">
              <Button onClick={() => publish.mutate()} loading={publish.isPending} data-testid="notice-publish">
                {t('consent.notice.publish')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Card>

      <Card withBorder radius="md">
        <Group justify="space-between" mb="sm">
          <Title order={4}>{t('consent.notice.versions')}</Title>
          <Anchor href={notices.data.publicUrl} target="_blank" rel="noopener" size="sm" data-testid="notice-public-link">
            <Group gap={4}>
              {t('consent.notice.openPublic')} <IconExternalLink size={14} />
            </Group>
          </Anchor>
        </Group>
        {notices.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('consent.notice.none')}
          </Text>
        ) : (
          <Stack gap="xs" data-testid="notice-versions">
            {notices.data.items.map((v) => (
              <Group key={v.id} justify="space-between" wrap="nowrap" data-testid="notice-version">
                <Stack gap={0}>
                  <Group gap={6}>
                    <Text fw={600} size="sm">
                      {t('consent.notice.version', { version: v.version })}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('consent.notice.effective', { date: formatDate(v.effectiveAt, i18n.language) })}
                    </Text>
                    {v.renewalPurposes.map((k) => (
                      <Badge key={k} size="xs" color="yellow" variant="light" tt="none">
                        {k}
                      </Badge>
                    ))}
                  </Group>
                  {v.changeNote ? (
                    <Text size="xs" c="dimmed">
                      {v.changeNote}
                    </Text>
                  ) : null}
                </Stack>
                <Group gap="xs" wrap="nowrap">
                  <Code fz="xs" title={t('consent.notice.hash')}>
                    {v.contentHash.slice(0, 12)}
                  </Code>
                  <Anchor href={`${notices.data.publicUrl}?version=${v.version}`} target="_blank" rel="noopener" size="xs">
                    <IconExternalLink size={14} />
                  </Anchor>
                </Group>
              </Group>
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
