import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, RadioButtonGroup, SecretInput } from '@grafana/ui';

import { NezhaApiVersion, ScpOptions, ScpSecureJsonData } from '../../types';

type Props = DataSourcePluginOptionsEditorProps<ScpOptions, ScpSecureJsonData>;

/** The backend's default (pkg/models/settings.go): Nezha's own theme uses 10 s, plus room for caching. */
const DEFAULT_ONLINE_THRESHOLD_SECONDS = 30;

const VERSIONS: Array<{ label: string; value: NezhaApiVersion; description: string }> = [
  { label: 'Auto', value: 'auto', description: 'Ask the dashboard which API it speaks' },
  { label: 'v0', value: 'v0', description: 'Dashboards up to v0.20' },
  { label: 'v2', value: 'v2', description: 'Dashboards v2.1 and later' },
];

/** Where each version's token comes from; v1 has none, so it cannot be read. */
const TOKEN_HELP: Record<NezhaApiVersion, string> = {
  auto: 'v0: the API token from the avatar menu (API Token). v2.1+: a personal access token (nzp_…) with the scopes nezha:inventory:read, nezha:server:read and nezha:service:read.',
  v0: 'The API token from the avatar menu of the admin panel (API Token).',
  v2: 'A personal access token (nzp_…) with the scopes nezha:inventory:read, nezha:server:read and nezha:service:read; a server whitelist on the token limits what Grafana sees.',
};

/** A Nezha dashboard: its URL, API version, token and when a server counts as online. */
export function NezhaSettings({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields, secureJsonData } = options;
  const version = jsonData.nezhaApiVersion ?? 'auto';
  const setJson = (patch: Partial<ScpOptions>) => onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  // Typing is possible only while nothing is stored; a reset clears the stored token.
  const setToken = (nezhaToken: string) =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, nezhaToken: false },
      secureJsonData: { ...secureJsonData, nezhaToken },
    });
  const stored = Boolean(secureJsonFields?.nezhaToken);

  return (
    <FieldSet label="Nezha dashboard">
      <Field
        label="Dashboard URL"
        htmlFor="config-nezha-url"
        description="The address you open the Nezha dashboard at."
      >
        <Input
          id="config-nezha-url"
          value={jsonData.nezhaUrl ?? ''}
          placeholder="https://nezha.example.com"
          width={60}
          onChange={(e: ChangeEvent<HTMLInputElement>) => setJson({ nezhaUrl: e.target.value })}
        />
      </Field>
      <Field
        label="API version"
        description="v0 (up to v0.20) takes an API token; v2.1 and later a personal access token. v1 dashboards have no API tokens and cannot be read."
      >
        <RadioButtonGroup<NezhaApiVersion>
          id="config-nezha-version"
          options={VERSIONS}
          value={version}
          onChange={(nezhaApiVersion) => setJson({ nezhaApiVersion })}
        />
      </Field>
      <Field
        label="Nezha token"
        htmlFor="config-nezha-token"
        description={`${TOKEN_HELP[version]} Stored encrypted; only the backend reads it.`}
      >
        <SecretInput
          id="config-nezha-token"
          isConfigured={stored}
          value={stored ? '' : (secureJsonData?.nezhaToken ?? '')}
          placeholder="Paste the token"
          width={60}
          onChange={(e: ChangeEvent<HTMLInputElement>) => setToken(e.target.value)}
          onReset={() => setToken('')}
        />
      </Field>
      <Field
        label="Online threshold (seconds)"
        htmlFor="config-nezha-online"
        description={`A server counts as online while its agent reported within this time. Default: ${DEFAULT_ONLINE_THRESHOLD_SECONDS} (Nezha's own theme uses 10)`}
      >
        <Input
          id="config-nezha-online"
          type="number"
          min={1}
          width={12}
          value={jsonData.nezhaOnlineThresholdSeconds ?? ''}
          placeholder={String(DEFAULT_ONLINE_THRESHOLD_SECONDS)}
          onChange={(e: ChangeEvent<HTMLInputElement>) =>
            setJson({ nezhaOnlineThresholdSeconds: e.target.value === '' ? undefined : Number(e.target.value) })
          }
        />
      </Field>
    </FieldSet>
  );
}
