import { useEffect, useState } from 'react';
import { ComboboxOption } from '@grafana/ui';
import { getTemplateSrv } from '@grafana/runtime';

import { errorMessage } from '../../backendError';
import type { DataSource } from '../../datasource';

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

/** Loads the fleet once per data source through the backend's `servers` route. */
export function useServerOptions(datasource: DataSource): ServerOptions {
  const [loaded, setLoaded] = useState<{ from?: DataSource; options: Array<ComboboxOption<string>>; error?: string }>({
    options: [],
  });
  useEffect(() => {
    let active = true;
    datasource
      .listServers()
      .then((servers) => {
        if (active) {
          setLoaded({ from: datasource, options: servers.map((s) => ({ ...s, group: 'Servers' })) });
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
  }, [datasource]);
  if (loaded.from !== datasource) {
    return { options: [], loading: true };
  }
  return { options: loaded.options, loading: false, error: loaded.error };
}
