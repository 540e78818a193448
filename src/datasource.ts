import { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { annotationSupport } from './annotations';
import { defaultQuery } from './queryModel';
import { interpolateQuery } from './templating';
import { ScpOptions, ScpQuery } from './types';
import { ScpVariableSupport } from './variables';

/** A server offered by the `servers` resource route. */
export interface ServerOption {
  value: string;
  label: string;
  description?: string;
}

/** One parameter of a raw GET, as the `raw-paths` route describes it. */
export interface RawParam {
  name: string;
  type: string;
  required?: boolean;
  description?: string;
  enum?: string[];
}

/** One GET of the SCP spec that raw queries may call. */
export interface RawPath {
  path: string;
  summary?: string;
  pathParams: RawParam[] | null;
  queryParams: RawParam[] | null;
}

export class DataSource extends DataSourceWithBackend<ScpQuery, ScpOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<ScpOptions>) {
    super(instanceSettings);
    this.variables = new ScpVariableSupport(this);
    this.annotations = annotationSupport;
  }

  getDefaultQuery(app: CoreApp): Partial<ScpQuery> {
    return defaultQuery(app);
  }

  filterQuery(query: ScpQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(query: ScpQuery, scopedVars: ScopedVars): ScpQuery {
    return interpolateQuery(query, scopedVars, getTemplateSrv());
  }

  /** The fleet for the server picker, from the backend's `servers` route. */
  async listServers(): Promise<ServerOption[]> {
    const servers: Array<{ value: string | number; label?: string; description?: string }> =
      await this.getResource('servers');
    return servers.map((s) => ({
      value: String(s.value),
      label: s.label ?? String(s.value),
      description: s.description,
    }));
  }

  /** The GETs a raw query may call, with their parameters. */
  listRawPaths(): Promise<RawPath[]> {
    return this.getResource('raw-paths');
  }
}
