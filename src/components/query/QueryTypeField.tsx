import React from 'react';
import { CoreApp } from '@grafana/data';
import { Combobox, ComboboxOption, InlineField } from '@grafana/ui';

import { NOT_FOR_ALERTS, QUERY_TYPES } from '../../queryTypes';
import { QueryType } from '../../types';

interface Props {
  id: string;
  value: QueryType;
  app?: CoreApp | string;
  /** Limits the offered types, e.g. to those that make annotations. */
  only?: QueryType[];
  onChange: (value: QueryType) => void;
}

export function queryTypeOptions(app?: CoreApp | string, only?: QueryType[]): Array<ComboboxOption<QueryType>> {
  const alerting = app === CoreApp.UnifiedAlerting;
  return (Object.keys(QUERY_TYPES) as QueryType[])
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

export function QueryTypeField({ id, value, app, only, onChange }: Props) {
  return (
    <InlineField label="Query type" labelWidth={14} htmlFor={id} tooltip="What to read from the netcup SCP API">
      <Combobox<QueryType>
        id={id}
        width={28}
        options={queryTypeOptions(app, only)}
        value={value}
        onChange={(option) => onChange(option.value)}
      />
    </InlineField>
  );
}
