import React, { useEffect, useState } from 'react';
import { Alert, Combobox, ComboboxOption, InlineField, InlineFieldRow, Input } from '@grafana/ui';

import type { DataSource, RawParam, RawPath } from '../../datasource';
import { ScpQuery } from '../../types';
import { errorMessage } from '../../backendError';
import { useServerOptions, variableOptions } from './useServerOptions';

interface Props {
  datasource: DataSource;
  query: ScpQuery;
  onChange: (patch: Partial<ScpQuery>, run?: boolean) => void;
}

function useRawPaths(datasource: DataSource) {
  const [state, setState] = useState<{ paths: RawPath[]; loading: boolean; error?: string }>({
    paths: [],
    loading: true,
  });
  useEffect(() => {
    let active = true;
    datasource
      .listRawPaths()
      .then((paths) => active && setState({ paths, loading: false }))
      .catch((err: unknown) => active && setState({ paths: [], loading: false, error: errorMessage(err) }));
    return () => {
      active = false;
    };
  }, [datasource]);
  return state;
}

/**
 * Path picker for a raw GET, then one input per path and query parameter of that GET; or, when
 * the Admin turned raw access off, why there is nothing to pick.
 */
export function RawSection(props: Props) {
  if (props.datasource.rawAccess === 'off') {
    return (
      <Alert severity="info" title="Raw access is off" topSpacing={1} bottomSpacing={0}>
        An Admin turned raw queries off for this data source (settings, Advanced, Raw access). Raw GET queries return an
        error; pick another query type.
      </Alert>
    );
  }
  return <RawPathEditor {...props} />;
}

function RawPathEditor({ datasource, query, onChange }: Props) {
  const raw = useRawPaths(datasource);
  const id = `${query.refId}-raw-path`;
  const selected = raw.paths.find((p) => p.path === query.path);
  const options: Array<ComboboxOption<string>> = raw.paths.map((p) => ({ value: p.path, description: p.summary }));

  const onPathChange = (path: string) => {
    // Keep values of parameters the new path shares (serverId, userId …), drop the rest.
    const next = raw.paths.find((p) => p.path === path);
    const names = [...(next?.pathParams ?? []), ...(next?.queryParams ?? [])].map((p) => p.name);
    const params = Object.fromEntries(Object.entries(query.params ?? {}).filter(([name]) => names.includes(name)));
    const missing = (next?.pathParams ?? []).some((p) => !params[p.name] && p.name !== 'userId');
    onChange({ path, params: Object.keys(params).length ? params : undefined }, !missing);
  };

  return (
    <>
      <InlineFieldRow>
        <InlineField
          label="Path"
          labelWidth={14}
          htmlFor={id}
          grow
          loading={raw.loading}
          invalid={Boolean(raw.error)}
          error={raw.error && `Cannot list the API's paths: ${raw.error}`}
          tooltip={`A GET of the SCP API spec that this data source's raw access (${datasource.rawAccess}) allows; secrets such as the rescue password are redacted`}
        >
          <Combobox<string>
            id={id}
            width="auto"
            minWidth={40}
            placeholder="/api/v1/servers/{serverId}"
            options={options}
            value={query.path ?? null}
            onChange={(option) => onPathChange(option.value)}
          />
        </InlineField>
      </InlineFieldRow>
      {selected && (
        <InlineFieldRow>
          {[...(selected.pathParams ?? []), ...(selected.queryParams ?? [])].map((param) => (
            <ParamField key={param.name} datasource={datasource} query={query} param={param} onChange={onChange} />
          ))}
        </InlineFieldRow>
      )}
    </>
  );
}

interface ParamProps extends Props {
  param: RawParam;
}

function ParamField({ datasource, query, param, onChange }: ParamProps) {
  const id = `${query.refId}-param-${param.name}`;
  const value = query.params?.[param.name] ?? '';
  const set = (v: string) => {
    const params = { ...query.params, [param.name]: v };
    if (v === '') {
      delete params[param.name];
    }
    onChange({ params });
  };
  const userId = param.name === 'userId';
  const tooltip = userId ? 'Leave empty for your own user id' : param.description || `${param.type} parameter`;
  return (
    <InlineField label={param.name} htmlFor={id} tooltip={tooltip} required={param.required && !userId}>
      {param.name === 'serverId' ? (
        <ServerIdPicker id={id} datasource={datasource} value={value} onChange={set} />
      ) : param.enum?.length ? (
        <Combobox<string>
          id={id}
          width={20}
          isClearable
          options={param.enum.map((e) => ({ value: e }))}
          value={value || null}
          onChange={(o) => set(o?.value ?? '')}
        />
      ) : (
        <CommitInput id={id} value={value} placeholder={userId ? 'yours' : param.type} onCommit={set} />
      )}
    </InlineField>
  );
}

function ServerIdPicker(props: { id: string; datasource: DataSource; value: string; onChange: (v: string) => void }) {
  const servers = useServerOptions(props.datasource);
  return (
    <Combobox<string>
      id={props.id}
      width={30}
      loading={servers.loading}
      createCustomValue
      options={[...variableOptions(), ...servers.options]}
      value={props.value || null}
      onChange={(o) => props.onChange(o.value)}
    />
  );
}

function CommitInput(props: { id: string; value: string; placeholder: string; onCommit: (v: string) => void }) {
  const [value, setValue] = useState(props.value);
  return (
    <Input
      id={props.id}
      width={20}
      value={value}
      placeholder={props.placeholder}
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={() => value !== props.value && props.onCommit(value)}
    />
  );
}
