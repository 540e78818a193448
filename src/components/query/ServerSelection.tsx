import React, { useState } from 'react';
import { InlineField, InlineFieldRow, Input, MultiCombobox, RadioButtonGroup } from '@grafana/ui';

import type { DataSource } from '../../datasource';
import { Provider, ScpQuery, ServerMode } from '../../types';
import { useServerOptions, variableOptions } from './useServerOptions';

interface Props {
  datasource: DataSource;
  query: ScpQuery;
  /** Filters (tasks) read "all" as "no filter". */
  label?: string;
  onChange: (patch: Partial<ScpQuery>, run?: boolean) => void;
}

/** What a regex is matched against: SCP servers have three names, Nezha servers one. */
const REGEX_OVER: Record<Provider, string> = { scp: 'name, nickname or hostname', nezha: 'name' };

function modes(provider: Provider): Array<{ label: string; value: ServerMode; description: string }> {
  return [
    {
      label: 'All',
      value: 'all',
      description: provider === 'nezha' ? 'Every server the token sees (of the tag)' : 'Every server of the account',
    },
    { label: 'Pick', value: 'ids', description: 'Chosen servers or a variable' },
    { label: 'Regex', value: 'regex', description: `Servers whose ${REGEX_OVER[provider]} match` },
  ];
}

export function ServerSelection({ datasource, query, label = 'Servers', onChange }: Props) {
  const mode = query.serverMode ?? (query.serverIds?.length ? 'ids' : 'all');
  const idPrefix = `${query.refId}-servers`;

  const onModeChange = (next: ServerMode) => {
    // Keep only what the new mode reads.
    onChange(
      {
        serverMode: next,
        serverIds: next === 'ids' ? query.serverIds : undefined,
        serverRegex: next === 'regex' ? query.serverRegex : undefined,
      },
      next !== 'regex'
    );
  };

  return (
    <InlineFieldRow>
      <InlineField
        label={label}
        labelWidth={14}
        tooltip="Which servers to read; a multi-value variable expands to its servers"
      >
        <RadioButtonGroup<ServerMode>
          id={`${idPrefix}-mode`}
          options={modes(datasource.provider)}
          value={mode}
          onChange={onModeChange}
        />
      </InlineField>
      {mode === 'ids' && (
        <ServerPicker id={`${idPrefix}-ids`} datasource={datasource} query={query} onChange={onChange} />
      )}
      {mode === 'regex' && (
        <RegexField id={`${idPrefix}-regex`} provider={datasource.provider} query={query} onChange={onChange} />
      )}
    </InlineFieldRow>
  );
}

function ServerPicker({ id, datasource, query, onChange }: Props & { id: string }) {
  const servers = useServerOptions(datasource);
  return (
    <InlineField
      label="Pick"
      htmlFor={id}
      grow
      invalid={Boolean(servers.error)}
      error={servers.error && `Cannot list servers: ${servers.error}`}
      loading={servers.loading}
    >
      <MultiCombobox<string>
        id={id}
        // MultiCombobox reads a numeric width as pixels when fitting pills; let it measure itself.
        width="auto"
        minWidth={50}
        maxWidth={100}
        placeholder="Choose servers or a $variable"
        options={[...variableOptions(), ...servers.options]}
        value={query.serverIds ?? []}
        createCustomValue
        customValueDescription="Use this server id or variable"
        onChange={(options) => onChange({ serverIds: options.map((o) => o.value) })}
      />
    </InlineField>
  );
}

function RegexField({
  id,
  provider,
  query,
  onChange,
}: Pick<Props, 'query' | 'onChange'> & { id: string; provider: Provider }) {
  const [value, setValue] = useState(query.serverRegex ?? '');
  return (
    <InlineField label="Regex" htmlFor={id} tooltip={`Matched against the ${REGEX_OVER[provider]}, e.g. ^web-`}>
      <Input
        id={id}
        width={30}
        value={value}
        placeholder="^web-|db"
        onChange={(e) => setValue(e.currentTarget.value)}
        onBlur={() => onChange({ serverRegex: value })}
      />
    </InlineField>
  );
}
