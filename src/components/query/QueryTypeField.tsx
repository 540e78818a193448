import React from 'react';
import { CoreApp } from '@grafana/data';
import { Combobox, ComboboxOption, InlineField } from '@grafana/ui';

import { NOT_FOR_ALERTS, QUERY_TYPES, queryTypesOf } from '../../queryTypes';
import { Provider, QueryType } from '../../types';

interface Props {
  id: string;
  value: QueryType;
  app?: CoreApp | string;
  /** Only this provider's types are offered: a data source reads one provider. */
  provider?: Provider;
  /** Limits the offered types, e.g. to those that make annotations. */
  only?: QueryType[];
  onChange: (value: QueryType) => void;
}

const READS: Record<Provider, string> = {
  scp: 'What to read from the netcup SCP API',
  nezha: 'What to read from the Nezha dashboard',
};

export function queryTypeOptions(
  app?: CoreApp | string,
  only?: QueryType[],
  provider: Provider = 'scp'
): Array<ComboboxOption<QueryType>> {
  const alerting = app === CoreApp.UnifiedAlerting;
  return queryTypesOf(provider)
    .filter((type) => !only || only.includes(type))
    .map((type) => {
      const info = QUERY_TYPES[type];
      const notForAlerts = alerting && info.alerting === 'never';
      return {
        value: type,
        label: info.label,
        description: notForAlerts ? `${NOT_FOR_ALERTS}: ${info.description}` : info.description,
      };
    });
}

export function QueryTypeField({ id, value, app, provider = 'scp', only, onChange }: Props) {
  return (
    <InlineField label="Query type" labelWidth={14} htmlFor={id} tooltip={READS[provider]}>
      <Combobox<QueryType>
        id={id}
        width={28}
        options={queryTypeOptions(app, only, provider)}
        value={value}
        onChange={(option) => onChange(option.value)}
      />
    </InlineField>
  );
}
