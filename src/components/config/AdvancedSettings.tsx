import React, { ChangeEvent } from 'react';
import { ControlledCollapse, Field, Input } from '@grafana/ui';

import { DEFAULT_API_URL, DEFAULT_AUTH_URL, Provider, ScpOptions, rawAccessOf } from '../../types';
import { NumberField } from './NumberField';
import { RawAccessField } from './RawAccessField';

interface Props {
  /** The SCP endpoints and raw access apply to SCP only; the limits to both providers. */
  provider: Provider;
  jsonData: ScpOptions;
  onChange: (jsonData: ScpOptions) => void;
}

const UPSTREAM: Record<Provider, string> = { scp: 'SCP', nezha: 'the Nezha dashboard' };

/** The backend caps both concurrency limits here (pkg/models/settings.go). */
const MAX_CONCURRENCY = 64;

type NumberKey = 'maxConcurrency' | 'maxConcurrentQueries' | 'timeoutSeconds' | 'cacheMaxMiB' | 'liveIntervalSeconds';

interface NumberSetting {
  key: NumberKey;
  id: string;
  label: string;
  description: string;
  defaultValue: number;
  min?: number;
  max?: number;
}

/** The limits of both providers, with the defaults the backend applies when one is empty. */
function numberSettings(provider: Provider): NumberSetting[] {
  const upstream = UPSTREAM[provider];
  return [
    {
      key: 'maxConcurrency',
      id: 'config-max-concurrency',
      label: 'Max concurrency',
      description: `Parallel calls to ${upstream} per data source, 1 to ${MAX_CONCURRENCY}.`,
      defaultValue: 8,
      max: MAX_CONCURRENCY,
    },
    {
      key: 'maxConcurrentQueries',
      id: 'config-max-concurrent-queries',
      label: 'Max concurrent queries',
      description: `Queries of this data source that run at once, across all dashboards and alert rules; the others wait their turn. 1 to ${MAX_CONCURRENCY}.`,
      defaultValue: 8,
      max: MAX_CONCURRENCY,
    },
    {
      key: 'timeoutSeconds',
      id: 'config-timeout',
      label: 'Timeout (seconds)',
      description: `Limit for one call to ${upstream}${provider === 'scp' ? ', retries included' : ''}.`,
      defaultValue: 30,
    },
    {
      key: 'cacheMaxMiB',
      id: 'config-cache-max-mib',
      label: 'Cache size (MiB)',
      description: `Memory this data source may use for answers from ${upstream} kept between refreshes; answers in progress may use a quarter as much again. Raise it for long time ranges over many servers.`,
      defaultValue: 64,
    },
    ...(provider === 'scp'
      ? [
          {
            key: 'liveIntervalSeconds' as const,
            id: 'config-live-interval',
            label: 'Live interval (seconds)',
            description:
              'Seconds between the polls of SCP behind Live queries (running tasks and the servers they touch), one poller per channel whatever the viewers. 0 turns Live off.',
            defaultValue: 5,
            min: 0,
          },
        ]
      : []),
  ];
}

/** Whether any advanced setting is set: then the section starts open. */
function customised(provider: Provider, jsonData: ScpOptions): boolean {
  const scp = provider === 'scp' && Boolean(jsonData.apiUrl || jsonData.authUrl || jsonData.rawAccess);
  return scp || numberSettings(provider).some(({ key }) => jsonData[key] !== undefined);
}

export function AdvancedSettings({ provider, jsonData, onChange }: Props) {
  const text = (key: 'apiUrl' | 'authUrl') => (e: ChangeEvent<HTMLInputElement>) =>
    onChange({ ...jsonData, [key]: e.target.value });
  return (
    <ControlledCollapse label="Advanced" isOpen={customised(provider, jsonData)}>
      {provider === 'scp' && (
        <>
          <Field label="API URL" htmlFor="config-api-url" description={`Default: ${DEFAULT_API_URL}`}>
            <Input
              id="config-api-url"
              value={jsonData.apiUrl ?? ''}
              placeholder={DEFAULT_API_URL}
              width={60}
              onChange={text('apiUrl')}
            />
          </Field>
          <Field
            label="Auth URL"
            htmlFor="config-auth-url"
            description={`Default: ${DEFAULT_AUTH_URL}. Sign-in uses the saved value: save after changing it.`}
          >
            <Input
              id="config-auth-url"
              value={jsonData.authUrl ?? ''}
              placeholder={DEFAULT_AUTH_URL}
              width={60}
              onChange={text('authUrl')}
            />
          </Field>
          <RawAccessField
            value={rawAccessOf(jsonData)}
            onChange={(rawAccess) => onChange({ ...jsonData, rawAccess })}
          />
        </>
      )}
      {numberSettings(provider).map(({ key, id, label, description, defaultValue, min, max }) => (
        <NumberField
          key={key}
          id={id}
          label={label}
          description={`${description} Default: ${defaultValue}`}
          min={min}
          max={max}
          value={jsonData[key]}
          placeholder={defaultValue}
          onChange={(value) => onChange({ ...jsonData, [key]: value })}
        />
      ))}
    </ControlledCollapse>
  );
}
