import React, { useState } from 'react';
import { InlineField, Input } from '@grafana/ui';

import { LEGEND_EXAMPLES, LEGEND_PLACEHOLDERS } from '../../fields';
import { QueryType, ScpQuery } from '../../types';

interface Props {
  query: ScpQuery;
  onChange: (patch: Partial<ScpQuery>) => void;
}

export function LegendField({ query, onChange }: Props) {
  const [value, setValue] = useState(query.legendFormat ?? '');
  const id = `${query.refId}-legend`;
  const type = query.queryType ?? QueryType.Metrics;
  const placeholders = LEGEND_PLACEHOLDERS[type] ?? [];
  return (
    <InlineField
      label="Legend"
      labelWidth={14}
      htmlFor={id}
      grow
      tooltip={`Series names; placeholders: ${placeholders.join(' ')}. Empty for the default names.`}
    >
      <Input
        id={id}
        value={value}
        placeholder={LEGEND_EXAMPLES[type]}
        onChange={(e) => setValue(e.currentTarget.value)}
        onBlur={() => value !== (query.legendFormat ?? '') && onChange({ legendFormat: value || undefined })}
      />
    </InlineField>
  );
}
