import React, { useState } from 'react';
import { InlineField, Input } from '@grafana/ui';

import { LEGEND_PLACEHOLDERS } from '../../fields';
import { ScpQuery } from '../../types';

interface Props {
  query: ScpQuery;
  onChange: (patch: Partial<ScpQuery>) => void;
}

export function LegendField({ query, onChange }: Props) {
  const [value, setValue] = useState(query.legendFormat ?? '');
  const id = `${query.refId}-legend`;
  return (
    <InlineField
      label="Legend"
      labelWidth={14}
      htmlFor={id}
      grow
      tooltip={`Series names; placeholders: ${LEGEND_PLACEHOLDERS.join(' ')}. Empty for the default names.`}
    >
      <Input
        id={id}
        value={value}
        placeholder="{{server}} {{device}} {{direction}}"
        onChange={(e) => setValue(e.currentTarget.value)}
        onBlur={() => value !== (query.legendFormat ?? '') && onChange({ legendFormat: value || undefined })}
      />
    </InlineField>
  );
}
