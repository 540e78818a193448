import React from 'react';
import { Field, RadioButtonGroup, Stack, Text } from '@grafana/ui';

import { RawAccess } from '../../types';

export const RAW_ACCESS_LEVELS: Array<{ label: string; value: RawAccess; description: string }> = [
  { label: 'Off', value: 'off', description: 'Raw queries are refused' },
  {
    label: 'Servers',
    value: 'servers',
    description: 'Every GET under /api/v1/servers/{serverId}/… and the other reads that describe servers',
  },
  {
    label: 'All',
    value: 'all',
    description:
      "Every GET of the API, account data included: the user's e-mail, SSH keys, user logs, firewall policies, VLANs, images, ISOs",
  },
];

interface Props {
  value: RawAccess;
  onChange: (value: RawAccess) => void;
}

/** What raw queries may read. Anyone who can query the data source reads the answers, so the Admin decides. */
export function RawAccessField({ value, onChange }: Props) {
  const chosen = RAW_ACCESS_LEVELS.find((level) => level.value === value);
  return (
    <Field
      label="Raw access"
      description="What Raw GET queries may read. Anyone who can query this data source, Viewers included, can read what raw queries return: choose what they may see. Default: Servers."
    >
      <Stack direction="column" gap={1}>
        <RadioButtonGroup<RawAccess>
          id="config-raw-access"
          options={RAW_ACCESS_LEVELS}
          value={value}
          onChange={onChange}
        />
        {chosen && (
          <Text variant="bodySmall" color="secondary">
            {chosen.description}.
          </Text>
        )}
      </Stack>
    </Field>
  );
}
