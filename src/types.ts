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
}

/** How a per-server query picks its servers. */
export type ServerMode = 'all' | 'ids' | 'regex';

export type MetricKind = 'cpu' | 'disk' | 'network' | 'packet';

export type LogSource = 'server' | 'user';

export type VariableKind = 'servers' | 'disks' | 'interfaces' | 'sites' | 'states';

/** The query model shared with pkg/models.Query. Every field is optional; the backend applies defaults. */
export interface ScpQuery extends DataQuery {
  queryType?: QueryType;
  /** all (default), ids (serverIds, may hold a multi-value variable) or regex (over name, nickname, hostname). */
  serverMode?: ServerMode;
  serverIds?: string[];
  serverRegex?: string;
  /** Switches serverStatus, disks, interfaces and traffic to one numeric frame per series, for stats and alerts. */
  field?: string;
  metric?: MetricKind;
  /** Series names, e.g. "{{server}} {{device}} {{direction}}". */
  legendFormat?: string;
  taskStates?: string[];
  logSource?: LogSource;
  limit?: number;
  /** A GET path of the SCP spec for raw queries, with its path and query parameters. */
  path?: string;
  params?: Record<string, string>;
  variableKind?: VariableKind;
}

export const DEFAULT_QUERY: Partial<ScpQuery> = {
  queryType: QueryType.ServerStatus,
  serverMode: 'all',
};

/** jsonData: visible to the browser, so it never holds a token. */
export interface ScpOptions extends DataSourceJsonData {
  apiUrl?: string;
  authUrl?: string;
  maxConcurrency?: number;
  timeoutSeconds?: number;
}

/** secureJsonData: write-only from the browser, read only by the backend. */
export interface ScpSecureJsonData {
  refreshToken?: string;
}

export const DEFAULT_API_URL = 'https://www.servercontrolpanel.de/scp-core';
export const DEFAULT_AUTH_URL = 'https://www.servercontrolpanel.de/realms/scp/protocol/openid-connect';
