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

/** Defaults and bounds the backend applies (pkg/models/settings.go). */
const DEFAULT_MAX_CONCURRENCY = 8;
const DEFAULT_TIMEOUT_SECONDS = 30;
const DEFAULT_MAX_CONCURRENT_QUERIES = 16;
const DEFAULT_CACHE_MAX_MIB = 64;
const MAX_CONCURRENCY = 64;

type NumberKey = 'maxConcurrency' | 'timeoutSeconds' | 'maxConcurrentQueries' | 'cacheMaxMiB';

/** Whether any advanced setting differs from the defaults: then the section starts open. */
function customised(provider: Provider, jsonData: ScpOptions): boolean {
  const numbers: NumberKey[] = ['maxConcurrency', 'timeoutSeconds', 'maxConcurrentQueries', 'cacheMaxMiB'];
  const scp = provider === 'scp' && Boolean(jsonData.apiUrl || jsonData.authUrl || jsonData.rawAccess);
  return scp || numbers.some((key) => jsonData[key] !== undefined);
}

export function AdvancedSettings({ provider, jsonData, onChange }: Props) {
  const text = (key: 'apiUrl' | 'authUrl') => (e: ChangeEvent<HTMLInputElement>) =>
    onChange({ ...jsonData, [key]: e.target.value });
  const number = (key: NumberKey) => (value: number | undefined) => onChange({ ...jsonData, [key]: value });
  const upstream = UPSTREAM[provider];
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
      <NumberField
        id="config-max-concurrency"
        label="Max concurrency"
        description={`Parallel calls to ${upstream} per data source, 1 to ${MAX_CONCURRENCY}. Default: ${DEFAULT_MAX_CONCURRENCY}`}
        max={MAX_CONCURRENCY}
        value={jsonData.maxConcurrency}
        placeholder={DEFAULT_MAX_CONCURRENCY}
        onChange={number('maxConcurrency')}
      />
      <NumberField
        id="config-max-concurrent-queries"
        label="Max concurrent queries"
        description={`Queries of this data source that run at once, across all dashboards and alert rules; the others wait their turn. 1 to ${MAX_CONCURRENCY}. Default: ${DEFAULT_MAX_CONCURRENT_QUERIES}`}
        max={MAX_CONCURRENCY}
        value={jsonData.maxConcurrentQueries}
        placeholder={DEFAULT_MAX_CONCURRENT_QUERIES}
        onChange={number('maxConcurrentQueries')}
      />
      <NumberField
        id="config-timeout"
        label="Timeout (seconds)"
        description={`Limit for one call to ${upstream}${provider === 'scp' ? ', retries included' : ''}. Default: ${DEFAULT_TIMEOUT_SECONDS}`}
        value={jsonData.timeoutSeconds}
        placeholder={DEFAULT_TIMEOUT_SECONDS}
        onChange={number('timeoutSeconds')}
      />
      <NumberField
        id="config-cache-max-mib"
        label="Cache size (MiB)"
        description={`Memory this data source may use for answers from ${upstream} kept between refreshes. Default: ${DEFAULT_CACHE_MAX_MIB}`}
        value={jsonData.cacheMaxMiB}
        placeholder={DEFAULT_CACHE_MAX_MIB}
        onChange={number('cacheMaxMiB')}
      />
    </ControlledCollapse>
  );
}
