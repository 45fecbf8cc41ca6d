import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../api/types';

export function RoleSelect({ value, onChange, ...rest }: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: Role; onChange: (role: Role) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
      value={value}
      onChange={(v) => v && onChange(v as Role)}
      allowDeselect={false}
      {...rest}
    />
  );
}
