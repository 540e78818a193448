import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';

import { DEFAULT_API_URL, DEFAULT_AUTH_URL, ScpOptions, ScpSecureJsonData } from '../types';

type Props = DataSourcePluginOptionsEditorProps<ScpOptions, ScpSecureJsonData>;

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields, secureJsonData } = options;

  const setJson = (key: keyof ScpOptions) => (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, [key]: event.target.value } });

  const onTokenChange = (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, refreshToken: event.target.value } });

  const onTokenReset = () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, refreshToken: false },
      secureJsonData: { ...secureJsonData, refreshToken: '' },
    });

  return (
    <>
      <FieldSet label="Authentication">
        <Field
          label="Refresh token"
          description="The netcup SCP offline refresh token. It is stored encrypted and only the backend reads it."
        >
          <SecretInput
            id="config-refresh-token"
            isConfigured={Boolean(secureJsonFields?.refreshToken)}
            value={secureJsonData?.refreshToken ?? ''}
            placeholder="Paste a refresh token"
            width={60}
            onChange={onTokenChange}
            onReset={onTokenReset}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Advanced">
        <Field label="API URL" htmlFor="config-api-url" description={`Default: ${DEFAULT_API_URL}`}>
          <Input
            id="config-api-url"
            value={jsonData.apiUrl ?? ''}
            placeholder={DEFAULT_API_URL}
            width={60}
            onChange={setJson('apiUrl')}
          />
        </Field>
        <Field label="Auth URL" htmlFor="config-auth-url" description={`Default: ${DEFAULT_AUTH_URL}`}>
          <Input
            id="config-auth-url"
            value={jsonData.authUrl ?? ''}
            placeholder={DEFAULT_AUTH_URL}
            width={60}
            onChange={setJson('authUrl')}
          />
        </Field>
      </FieldSet>
    </>
  );
}
