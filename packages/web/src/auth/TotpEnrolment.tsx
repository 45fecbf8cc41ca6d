import { ActionIcon, Alert, Anchor, Box, Button, Checkbox, CopyButton, Group, Image, Paper, SimpleGrid, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconDownload, IconKey } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { TotpSetup } from '../api/types';
import { errorMessage, formErrors } from '../components/feedback';

/**
 * TOTP enrolment: scan the QR (or type the secret), confirm with a code, then see the recovery codes
 * exactly once. `onFinished` runs only after the user confirms they saved the codes, so a session
 * refresh cannot hide them early.
 */
export function TotpEnrolment({ autoStart, onFinished, onCancel }: { autoStart: boolean; onFinished: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const [setupData, setSetupData] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  const start = useMutation({
    mutationFn: () => api<TotpSetup>('/api/v1/auth/2fa/setup', { method: 'POST' }),
    onSuccess: (data) => setSetupData(data),
  });

  // Start once even under StrictMode's double effects: a second call would replace the pending secret.
  const started = useRef(false);
  const startEnrolment = start.mutate;
  useEffect(() => {
    if (autoStart && !started.current) {
      started.current = true;
      startEnrolment();
    }
  }, [autoStart, startEnrolment]);

  const enable = useMutation({
    mutationFn: () => api<{ recoveryCodes: string[] }>('/api/v1/auth/2fa/enable', { method: 'POST', body: { code } }),
    onSuccess: (data) => setRecoveryCodes(data.recoveryCodes),
    onError: (err) => {
      setCode('');
      if (err instanceof ApiError && (err.status === 400 || err.status === 401 || err.status === 422)) {
        setCodeError(formErrors(t, err, ['code'] as const).code ?? t('mfa.errors.wrongCode'));
      } else setCodeError(errorMessage(t, err));
    },
  });

  if (recoveryCodes) return <RecoveryCodes codes={recoveryCodes} onConfirm={onFinished} />;

  if (!setupData) {
    return (
      <Stack gap="md" align="flex-start">
        {start.isError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} w="100%">
            {errorMessage(t, start.error)}
          </Alert>
        ) : null}
        <Text size="sm">{t('enrol.intro')}</Text>
        <Group>
          <Button leftSection={<IconKey size={16} />} loading={start.isPending || (autoStart && !start.isError)} onClick={() => start.mutate()} data-testid="totp-start">
            {t('enrol.start')}
          </Button>
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setCodeError(t('mfa.errors.sixDigits'));
      return;
    }
    setCodeError(undefined);
    enable.mutate();
  };

  return (
    <form onSubmit={submit} noValidate data-testid="totp-enrol-form">
      <Stack gap="lg">
        <Group align="flex-start" gap="xl" wrap="wrap">
          <Paper withBorder p="xs" radius="md" bg="white">
            <Image src={setupData.qrDataUrl} alt={t('enrol.qrAlt')} w={184} h={184} fit="contain" data-testid="totp-qr" />
          </Paper>
          <Stack gap="sm" style={{ flex: 1, minWidth: 240 }}>
            <Text size="sm">
              <Text span fw={600}>
                1.{' '}
              </Text>
              {t('enrol.step1')}
            </Text>
            <Box>
              <Text size="xs" c="dimmed" mb={4}>
                {t('enrol.secretLabel')}
              </Text>
              <Group gap="xs" wrap="nowrap">
                <Text
                  ff="monospace"
                  fw={600}
                  size="sm"
                  px="sm"
                  py={6}
                  bg="var(--mantine-color-gray-1)"
                  style={{ borderRadius: 6, wordBreak: 'break-all', letterSpacing: '0.08em' }}
                  data-testid="totp-secret"
                >
                  {setupData.secret}
                </Text>
                <CopyButton value={setupData.secret}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
                      <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('common.copy')}>
                        {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
              </Group>
              <Anchor href={setupData.otpauthUri} size="xs" mt={6} display="inline-block">
                {t('enrol.openInApp')}
              </Anchor>
            </Box>
            <Text size="sm" mt="xs">
              <Text span fw={600}>
                2.{' '}
              </Text>
              {t('enrol.step2')}
            </Text>
            <TextInput
              label={t('mfa.code')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
              error={codeError}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder="000000"
              w={200}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: '0.3em', fontSize: 18 } }}
              data-testid="totp-code"
            />
          </Stack>
        </Group>
        <Group>
          <Button type="submit" loading={enable.isPending} data-testid="totp-enable">
            {t('enrol.enable')}
          </Button>
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}

function RecoveryCodes({ codes, onConfirm }: { codes: string[]; onConfirm: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const text = codes.join('\n');

  const download = () => {
    const blob = new Blob([`${t('recovery.fileHeader')}\n\n${text}\n`], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'sigilo-recovery-codes.txt';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <Stack gap="md" data-testid="recovery-step">
      <Title order={4}>{t('recovery.title')}</Title>
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
        {t('recovery.warning')}
      </Alert>
      <Paper withBorder radius="md" p="md" bg="var(--mantine-color-gray-0)">
        <SimpleGrid cols={2} spacing="xs" data-testid="recovery-codes">
          {codes.map((c) => (
            <Text key={c} ff="monospace" fw={600} size="sm" ta="center" data-testid="recovery-code">
              {c}
            </Text>
          ))}
        </SimpleGrid>
      </Paper>
      <Group gap="sm">
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button variant="light" onClick={copy} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} data-testid="recovery-copy">
              {copied ? t('common.copied') : t('recovery.copy')}
            </Button>
          )}
        </CopyButton>
        <Button variant="light" onClick={download} leftSection={<IconDownload size={16} />} data-testid="recovery-download">
          {t('recovery.download')}
        </Button>
      </Group>
      <Checkbox checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} label={t('recovery.confirm')} data-testid="recovery-saved" />
      <Button disabled={!saved} onClick={onConfirm} data-testid="recovery-continue">
        {t('recovery.continue')}
      </Button>
    </Stack>
  );
}
