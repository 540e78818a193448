import React, { ChangeEvent } from 'react';
import { Field, FieldSet, Input } from '@grafana/ui';

import { DEFAULT_API_URL, DEFAULT_AUTH_URL, Provider, ScpOptions } from '../../types';

interface Props {
  /** The SCP endpoints apply to SCP only; the limits to both providers. */
  provider: Provider;
  jsonData: ScpOptions;
  onChange: (jsonData: ScpOptions) => void;
}

const UPSTREAM: Record<Provider, string> = { scp: 'SCP', nezha: 'the Nezha dashboard' };

/** Defaults the backend applies when a field is empty (pkg/models/settings.go). */
const DEFAULT_MAX_CONCURRENCY = 8;
const DEFAULT_TIMEOUT_SECONDS = 30;

export function AdvancedSettings({ provider, jsonData, onChange }: Props) {
  const text = (key: 'apiUrl' | 'authUrl') => (e: ChangeEvent<HTMLInputElement>) =>
    onChange({ ...jsonData, [key]: e.target.value });
  const number = (key: 'maxConcurrency' | 'timeoutSeconds') => (e: ChangeEvent<HTMLInputElement>) => {
    const value = e.target.value === '' ? undefined : Number(e.target.value);
    onChange({ ...jsonData, [key]: value });
  };
  return (
    <FieldSet label="Advanced">
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
        </>
      )}
      <Field
        label="Max concurrency"
        htmlFor="config-max-concurrency"
        description={`Parallel calls to ${UPSTREAM[provider]} per data source, 1 to 64. Default: ${DEFAULT_MAX_CONCURRENCY}`}
      >
        <Input
          id="config-max-concurrency"
          type="number"
          min={1}
          max={64}
          width={12}
          value={jsonData.maxConcurrency ?? ''}
          placeholder={String(DEFAULT_MAX_CONCURRENCY)}
          onChange={number('maxConcurrency')}
        />
      </Field>
      <Field
        label="Timeout (seconds)"
        htmlFor="config-timeout"
        description={`Limit for one call to ${UPSTREAM[provider]}${provider === 'scp' ? ', retries included' : ''}. Default: ${DEFAULT_TIMEOUT_SECONDS}`}
      >
        <Input
          id="config-timeout"
          type="number"
          min={1}
          width={12}
          value={jsonData.timeoutSeconds ?? ''}
          placeholder={String(DEFAULT_TIMEOUT_SECONDS)}
          onChange={number('timeoutSeconds')}
        />
      </Field>
    </FieldSet>
  );
}
