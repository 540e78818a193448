import React from 'react';
import { Combobox, InlineField } from '@grafana/ui';

import { NEZHA_METRICS } from '../../fields';
import { NezhaMetric, ScpQuery } from '../../types';

interface Props {
  query: ScpQuery;
  onChange: (patch: Partial<ScpQuery>) => void;
}

/** The series of a nezhaMetrics query; only Nezha v2 keeps such history. */
export function NezhaMetricField({ query, onChange }: Props) {
  const id = `${query.refId}-nezha-metric`;
  // An SCP kind left over from another type shows as cpu, which the backend also defaults to.
  const value = NEZHA_METRICS.some((m) => m.value === query.metric) ? (query.metric as NezhaMetric) : 'cpu';
  return (
    <InlineField
      label="Metric"
      labelWidth={9}
      htmlFor={id}
      tooltip="History from the time-series store of Nezha v2 (2.1 and later), up to 30 days; v0 dashboards keep no history. Empty when the dashboard's time-series store is off."
    >
      <Combobox<NezhaMetric>
        id={id}
        width={26}
        options={NEZHA_METRICS}
        value={value}
        onChange={(option) => onChange({ metric: option.value })}
      />
    </InlineField>
  );
}
