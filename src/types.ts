import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** Query types answered by the backend. pkg/models/query.go mirrors this list; a Go test keeps them equal. */
export enum QueryType {
  Servers = 'servers',
  ServerStatus = 'serverStatus',
  Disks = 'disks',
  Interfaces = 'interfaces',
  Traffic = 'traffic',
  Metrics = 'metrics',
  Snapshots = 'snapshots',
  Tasks = 'tasks',
  Maintenance = 'maintenance',
  Logs = 'logs',
  IPs = 'ips',
  GuestAgent = 'guestAgent',
  APIStatus = 'apiStatus',
  Raw = 'raw',
  Variable = 'variable',
  NezhaServers = 'nezhaServers',
  NezhaStatus = 'nezhaStatus',
  NezhaMetrics = 'nezhaMetrics',
  NezhaMonitors = 'nezhaMonitors',
}

/** Which API the data source reads: netcup SCP (default) or a Nezha dashboard. */
export type Provider = 'scp' | 'nezha';

export type NezhaApiVersion = 'auto' | 'v0' | 'v2';

/** History metrics of Nezha v2's time-series store (nezhaMetrics). */
export type NezhaMetric =
  | 'cpu'
  | 'memory'
  | 'swap'
  | 'disk'
  | 'net_in_speed'
  | 'net_out_speed'
  | 'net_in_transfer'
  | 'net_out_transfer'
  | 'load1'
  | 'load5'
  | 'load15'
  | 'tcp_conn'
  | 'udp_conn'
  | 'process_count'
  | 'temperature'
  | 'uptime'
  | 'gpu';

/** How a per-server query picks its servers. */
export type ServerMode = 'all' | 'ids' | 'regex';

export type MetricKind = 'cpu' | 'disk' | 'network' | 'packet';

export type LogSource = 'server' | 'user';

/** What a variable lists: SCP's kinds, or (on a Nezha data source) servers or tags. */
export type VariableKind = 'servers' | 'disks' | 'interfaces' | 'sites' | 'states' | 'tags';

/** The query model shared with pkg/models.Query. Every field is optional; the backend applies defaults. */
export interface ScpQuery extends DataQuery {
  queryType?: QueryType;
  /** all (default), ids (serverIds, may hold a multi-value variable) or regex (over name, nickname, hostname). */
  serverMode?: ServerMode;
  serverIds?: string[];
  serverRegex?: string;
  /** Switches serverStatus, disks, interfaces and traffic to one numeric frame per series, for stats and alerts. */
  field?: string;
  /** The series of a metrics query (SCP) or a nezhaMetrics query (Nezha). */
  metric?: MetricKind | NezhaMetric;
  /** Narrows Nezha queries to a v0 tag or v2 group; several as "a,b". */
  tag?: string;
  /** Series names, e.g. "{{server}} {{device}} {{direction}}". */
  legendFormat?: string;
  taskStates?: string[];
  logSource?: LogSource;
  limit?: number;
  /** A GET path of the SCP spec for raw queries, with its path and query parameters. */
  path?: string;
  params?: Record<string, string>;
  variableKind?: VariableKind;
  /** tasks and serverStatus: answer with frames that Grafana Live keeps up to date; alert rules ignore it. */
  live?: boolean;
}

export const DEFAULT_QUERY: Partial<ScpQuery> = {
  queryType: QueryType.ServerStatus,
  serverMode: 'all',
};

export const DEFAULT_NEZHA_QUERY: Partial<ScpQuery> = {
  queryType: QueryType.NezhaStatus,
  serverMode: 'all',
};

/**
 * What raw queries may read: nothing, the reads that describe servers (default), or every GET
 * of the spec, account data included. Whoever may query the data source reads the answers.
 */
export type RawAccess = 'off' | 'servers' | 'all';

/** jsonData: visible to the browser, so it never holds a token. */
export interface ScpOptions extends DataSourceJsonData {
  provider?: Provider;
  apiUrl?: string;
  authUrl?: string;
  maxConcurrency?: number;
  timeoutSeconds?: number;
  /** The data source's cache budget in MiB. */
  cacheMaxMiB?: number;
  /** Queries of this data source that run at once, across all requests. */
  maxConcurrentQueries?: number;
  rawAccess?: RawAccess;
  /** Seconds between the SCP polls of a watched Live channel (default 5); 0 turns Live off. */
  liveIntervalSeconds?: number;
  /** Nezha dashboard URL, API version and how long after its last report a server counts as online. */
  nezhaUrl?: string;
  nezhaApiVersion?: NezhaApiVersion;
  nezhaOnlineThresholdSeconds?: number;
}

/** secureJsonData: write-only from the browser, read only by the backend. */
export interface ScpSecureJsonData {
  refreshToken?: string;
  nezhaToken?: string;
}

/** The provider of a data source's settings; SCP when none is set, as in the backend. */
export function providerOf(jsonData: ScpOptions | undefined): Provider {
  return jsonData?.provider === 'nezha' ? 'nezha' : 'scp';
}

/** The raw access of a data source's settings; `servers` when none is set, as in the backend. */
export function rawAccessOf(jsonData: ScpOptions | undefined): RawAccess {
  const access = jsonData?.rawAccess?.trim().toLowerCase();
  return access === 'off' || access === 'all' ? access : 'servers';
}

/** Whether Live is on in a data source's settings: unless liveIntervalSeconds is 0, as in the backend. */
export function liveOf(jsonData: ScpOptions | undefined): boolean {
  const seconds = jsonData?.liveIntervalSeconds;
  return seconds == null || seconds > 0;
}

export const DEFAULT_API_URL = 'https://www.servercontrolpanel.de/scp-core';
export const DEFAULT_AUTH_URL = 'https://www.servercontrolpanel.de/realms/scp/protocol/openid-connect';
