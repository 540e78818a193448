import React from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, RadioButtonGroup } from '@grafana/ui';

import { Provider, ScpOptions, ScpSecureJsonData, providerOf } from '../types';
import { AdvancedSettings } from './config/AdvancedSettings';
import { NezhaSettings } from './config/NezhaSettings';
import { ScpAuthentication } from './config/ScpAuthentication';

type Props = DataSourcePluginOptionsEditorProps<ScpOptions, ScpSecureJsonData>;

const PROVIDERS: Array<{ label: string; value: Provider; description: string }> = [
  { label: 'netcup SCP', value: 'scp', description: "netcup's Server Control Panel API" },
  { label: 'Nezha', value: 'nezha', description: 'A Nezha monitoring dashboard (v0, or v2.1 and later)' },
];

/**
 * The settings page: a provider, then only what applies to it. Switching the provider keeps
 * the other provider's values (hidden), so switching back loses nothing.
 */
export function ConfigEditor(props: Props) {
  const { options, onOptionsChange } = props;
  const provider = providerOf(options.jsonData);
  return (
    <>
      <Field
        label="Provider"
        description="What this data source reads. One data source reads one provider; add another data source for the other."
      >
        <RadioButtonGroup<Provider>
          id="config-provider"
          options={PROVIDERS}
          value={provider}
          onChange={(next) => onOptionsChange({ ...options, jsonData: { ...options.jsonData, provider: next } })}
        />
      </Field>
      {provider === 'nezha' ? <NezhaSettings {...props} /> : <ScpAuthentication {...props} />}
      <AdvancedSettings
        provider={provider}
        jsonData={options.jsonData}
        onChange={(next) => onOptionsChange({ ...options, jsonData: next })}
      />
    </>
  );
}
