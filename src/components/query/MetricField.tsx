import React from 'react';
import { InlineField, RadioButtonGroup } from '@grafana/ui';

import { METRIC_KINDS } from '../../fields';
import { MetricKind, ScpQuery } from '../../types';

interface Props {
  query: ScpQuery;
  onChange: (patch: Partial<ScpQuery>) => void;
}

export function MetricField({ query, onChange }: Props) {
  // Only SCP's kinds are offered here; a Nezha metric left over from another type shows as cpu.
  const value = METRIC_KINDS.some((o) => o.value === query.metric) ? (query.metric as MetricKind) : 'cpu';
  return (
    <InlineField
      label="Metric"
      labelWidth={9}
      tooltip="netcup keeps up to 60 days of 10-minute samples; units are not documented by netcup"
    >
      <RadioButtonGroup<MetricKind>
        id={`${query.refId}-metric`}
        options={METRIC_KINDS}
        value={value}
        onChange={(metric) => onChange({ metric })}
      />
    </InlineField>
  );
}
