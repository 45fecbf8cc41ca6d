import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';

export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const big = size === 'lg';
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={big ? 40 : 30} radius="md" variant="filled">
        <IconShieldCheck size={big ? 24 : 18} />
      </ThemeIcon>
      <Text fw={700} fz={big ? 26 : 19} lts={-0.3}>
        Sigilo
      </Text>
    </Group>
  );
}
