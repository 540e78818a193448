import { useEffect, useState } from 'react';
import { ComboboxOption } from '@grafana/ui';
import { getTemplateSrv } from '@grafana/runtime';

import { errorMessage } from '../../backendError';
import type { DataSource, ServerOption } from '../../datasource';

export interface ServerOptions {
  options: Array<ComboboxOption<string>>;
  loading: boolean;
  error?: string;
}

/** The dashboard's variables as `$name` options, offered before the servers. */
export function variableOptions(): Array<ComboboxOption<string>> {
  return getTemplateSrv()
    .getVariables()
    .map((v) => ({ value: `$${v.name}`, label: `$${v.name}`, description: 'Dashboard variable', group: 'Variables' }));
}

/**
 * Loads the servers once per data source through the backend's lookup route (`servers` for
 * SCP, `nezha/servers` for Nezha).
 */
export function useServerOptions(datasource: DataSource): ServerOptions {
  return useLookup(datasource, 'Servers');
}

/** Loads a Nezha dashboard's tags (v0) or groups (v2) once per data source. */
export function useTagOptions(datasource: DataSource): ServerOptions {
  return useLookup(datasource, 'Tags');
}

function useLookup(datasource: DataSource, group: 'Servers' | 'Tags'): ServerOptions {
  const [loaded, setLoaded] = useState<{ from?: DataSource; options: Array<ComboboxOption<string>>; error?: string }>({
    options: [],
  });
  useEffect(() => {
    let active = true;
    const list: Promise<ServerOption[]> = group === 'Tags' ? datasource.listTags() : datasource.listServers();
    list
      .then((options) => {
        if (active) {
          setLoaded({ from: datasource, options: options.map((o) => ({ ...o, group })) });
        }
      })
      .catch((err: unknown) => {
        if (active) {
          setLoaded({ from: datasource, options: [], error: errorMessage(err) });
        }
      });
    return () => {
      active = false;
    };
  }, [datasource, group]);
  if (loaded.from !== datasource) {
    return { options: [], loading: true };
  }
  return { options: loaded.options, loading: false, error: loaded.error };
}
