import { Alert, Button, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { MaskChoice, MaskingPolicy } from '../api/types';
import { formErrors, notifySuccess } from '../components/feedback';
import { ErrorState, LoadingState } from '../components/States';
import { piiTypeLabel } from './inbox/labels';

const policyKey = ['masking-policy'] as const;
const CHOICES: MaskChoice[] = ['mask', 'partial', 'show'];

/** The loosest choice the server accepts per type; it clamps anything looser (card numbers, passwords). */
const CEILING: Record<string, MaskChoice> = { CREDIT_CARD: 'partial', PASSWORD: 'mask' };

function allowed(type: string, choice: MaskChoice): boolean {
  const ceiling = CEILING[type];
  return !ceiling || CHOICES.indexOf(choice) <= CHOICES.indexOf(ceiling);
}

/** What agents see of each kind of personal data: a placeholder, the last digits, or the value. */
export function MaskingPolicyCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const policy = useQuery({ queryKey: policyKey, queryFn: () => api<MaskingPolicy>('/api/v1/organization/masking-policy') });
  const [draft, setDraft] = useState<MaskingPolicy>({});
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (policy.data) setDraft(policy.data);
  }, [policy.data]);

  const changed = policy.data ? Object.keys(draft).filter((type) => draft[type] !== policy.data[type]) : [];

  const save = useMutation({
    mutationFn: () => api<MaskingPolicy>('/api/v1/organization/masking-policy', { method: 'PATCH', body: Object.fromEntries(changed.map((type) => [type, draft[type]])) }),
    onSuccess: (effective) => {
      queryClient.setQueryData(policyKey, effective);
      setError(undefined);
      notifySuccess(t('masking.saved'));
    },
    onError: (err) => setError(formErrors(t, err, [] as const).form),
  });

  return (
    <Card withBorder radius="md" padding="lg" data-testid="masking-policy">
      <Title order={4} mb={4}>
        {t('masking.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md" maw={720}>
        {t('masking.description')}
      </Text>
      {policy.isPending ? (
        <LoadingState />
      ) : policy.isError ? (
        <ErrorState error={policy.error} onRetry={() => void policy.refetch()} />
      ) : (
        <Stack gap="sm">
          <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} py="xs">
            <Text size="sm">{t('masking.clamped')}</Text>
          </Alert>
          {error ? (
            <Alert color="red" variant="light">
              {error}
            </Alert>
          ) : null}
          <Table verticalSpacing={6} maw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('masking.type')}</Table.Th>
                <Table.Th>{t('masking.agentsSee')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Object.keys(draft).map((type) => (
                <Table.Tr key={type} data-testid="masking-row" data-type={type}>
                  <Table.Td>
                    <Text size="sm">{piiTypeLabel(t, type)}</Text>
                    {CEILING[type] ? (
                      <Text size="xs" c="dimmed">
                        {t('masking.neverInFull')}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <SegmentedControl
                      size="xs"
                      value={draft[type] ?? 'mask'}
                      disabled={!canEdit}
                      onChange={(value) => setDraft((d) => ({ ...d, [type]: value as MaskChoice }))}
                      aria-label={piiTypeLabel(t, type)}
                      data={CHOICES.map((choice) => ({ value: choice, label: t(`masking.choices.${choice}`), disabled: !allowed(type, choice) }))}
                      data-testid={`masking-${type}`}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {canEdit ? (
            <Group>
              <Button onClick={() => save.mutate()} loading={save.isPending} disabled={changed.length === 0} data-testid="masking-save">
                {t('common.save')}
              </Button>
              {changed.length > 0 && policy.data ? (
                <Button variant="subtle" color="gray" onClick={() => setDraft(policy.data)}>
                  {t('common.discard')}
                </Button>
              ) : null}
            </Group>
          ) : null}
          <Text size="xs" c="dimmed">
            {t('masking.futureOnly')}
          </Text>
        </Stack>
      )}
    </Card>
  );
}
