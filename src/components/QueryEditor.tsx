import React from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, Select } from '@grafana/ui';

import { DataSource } from '../datasource';
import { QueryType, ScpOptions, ScpQuery } from '../types';

type Props = QueryEditorProps<DataSource, ScpQuery, ScpOptions>;

const queryTypeOptions: Array<SelectableValue<QueryType>> = [
  { label: 'Servers', value: QueryType.Servers, description: 'The fleet as a table' },
];

export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const onQueryTypeChange = (option: SelectableValue<QueryType>) => {
    onChange({ ...query, queryType: option.value });
    onRunQuery();
  };

  return (
    <InlineField label="Query type" labelWidth={16}>
      <Select
        inputId="query-type"
        options={queryTypeOptions}
        value={query.queryType ?? QueryType.Servers}
        onChange={onQueryTypeChange}
        width={30}
      />
    </InlineField>
  );
}
