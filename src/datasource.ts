import { CoreApp, DataSourceInstanceSettings, ScopedVars, StreamingFrameAction } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { annotationSupport } from './annotations';
import { defaultQuery } from './queryModel';
import { interpolateQuery } from './templating';
import { Provider, RawAccess, ScpOptions, ScpQuery, liveOf, providerOf, rawAccessOf } from './types';
import { ScpVariableSupport } from './variables';

/** A server offered by the `servers` (SCP) or `nezha/servers` resource route, or a Nezha tag. */
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
  /** The API this data source reads; it decides the query types, lookups and variables. */
  readonly provider: Provider;
  /** What raw queries may read, as the Admin set it; the backend enforces it. */
  readonly rawAccess: RawAccess;
  /** Whether live queries get channels: the Admin turns Live off with liveIntervalSeconds 0. */
  readonly live: boolean;

  constructor(instanceSettings: DataSourceInstanceSettings<ScpOptions>) {
    super(instanceSettings);
    this.provider = providerOf(instanceSettings.jsonData);
    this.rawAccess = rawAccessOf(instanceSettings.jsonData);
    this.live = liveOf(instanceSettings.jsonData);
    this.variables = new ScpVariableSupport(this);
    this.annotations = annotationSupport;
    // A live frame is its channel's whole state (the listed tasks, a server's state), so each
    // one replaces the panel's rows; the default would append them as a series.
    this.streamOptionsProvider = () => ({ action: StreamingFrameAction.Replace });
  }

  getDefaultQuery(app: CoreApp): Partial<ScpQuery> {
    return defaultQuery(app, this.provider);
  }

  filterQuery(query: ScpQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(query: ScpQuery, scopedVars: ScopedVars): ScpQuery {
    return interpolateQuery(query, scopedVars, getTemplateSrv());
  }

  /** The servers for the server picker, from the backend's `servers` or `nezha/servers` route. */
  listServers(): Promise<ServerOption[]> {
    return this.listOptions(this.provider === 'nezha' ? 'nezha/servers' : 'servers');
  }

  /** The v0 tags or v2 groups of a Nezha dashboard, from the backend's `nezha/tags` route. */
  listTags(): Promise<ServerOption[]> {
    return this.listOptions('nezha/tags');
  }

  private async listOptions(route: string): Promise<ServerOption[]> {
    const options: Array<{ value: string | number; label?: string; description?: string }> =
      await this.getResource(route);
    return options.map((o) => ({
      value: String(o.value),
      label: o.label || String(o.value),
      description: o.description || undefined,
    }));
  }

  /** The GETs a raw query may call, with their parameters. */
  listRawPaths(): Promise<RawPath[]> {
    return this.getResource('raw-paths');
  }
}
