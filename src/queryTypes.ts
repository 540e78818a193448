import { NUMERIC_FIELDS } from './fields';
import { Provider, QueryType, ScpQuery } from './types';

/** How a query type uses the server selection. */
export type ServerUse = 'select' | 'filter' | 'none';

export interface QueryTypeInfo {
  /** The API that answers it; a data source offers only its provider's types. */
  provider: Provider;
  label: string;
  description: string;
  servers: ServerUse;
  /**
   * always: every answer is numeric or a series; withField: only when a numeric field is
   * picked; never: tables, logs and lists cannot feed an alert rule.
   */
  alerting: 'always' | 'withField' | 'never';
  /** The answer has series whose names legendFormat sets (the backend names metrics series). */
  legend: boolean;
}

export const QUERY_TYPES: Record<QueryType, QueryTypeInfo> = {
  [QueryType.Servers]: {
    provider: 'scp',
    label: 'Servers',
    description: 'The fleet as a table: id, name, nickname, hostname',
    servers: 'none',
    alerting: 'never',
    legend: false,
  },
  [QueryType.ServerStatus]: {
    provider: 'scp',
    label: 'Server status',
    description: 'State, uptime, CPU, memory, flags per server; pick a field for stats and alerts',
    servers: 'select',
    alerting: 'withField',
    legend: false,
  },
  [QueryType.Disks]: {
    provider: 'scp',
    label: 'Disks',
    description: 'Capacity and usage per disk; pick a field for stats and alerts',
    servers: 'select',
    alerting: 'withField',
    legend: false,
  },
  [QueryType.Interfaces]: {
    provider: 'scp',
    label: 'Interfaces',
    description: 'Speed, throttling, addresses and monthly traffic per interface',
    servers: 'select',
    alerting: 'withField',
    legend: false,
  },
  [QueryType.Traffic]: {
    provider: 'scp',
    label: 'Monthly traffic',
    description: 'Bytes in, out and total this month, per server and interface',
    servers: 'select',
    alerting: 'always',
    legend: false,
  },
  [QueryType.Metrics]: {
    provider: 'scp',
    label: 'Metrics',
    description: 'CPU, disk, network or packet series over the time range',
    servers: 'select',
    alerting: 'always',
    legend: true,
  },
  [QueryType.Snapshots]: {
    provider: 'scp',
    label: 'Snapshots',
    description: 'Snapshots per server as a table; pick a field for stats and alerts',
    servers: 'select',
    alerting: 'withField',
    legend: false,
  },
  [QueryType.Tasks]: {
    provider: 'scp',
    label: 'Tasks',
    description: 'SCP tasks (start, stop, snapshot, …) with state and progress',
    servers: 'filter',
    alerting: 'withField',
    legend: false,
  },
  [QueryType.Maintenance]: {
    provider: 'scp',
    label: 'Maintenance',
    description: 'The announced maintenance window (deprecated by netcup at the end of 2026); pick a field for alerts',
    servers: 'none',
    alerting: 'withField',
    legend: false,
  },
  [QueryType.Logs]: {
    provider: 'scp',
    label: 'Logs',
    description: 'Server or account log entries as log lines',
    servers: 'select',
    alerting: 'never',
    legend: false,
  },
  [QueryType.IPs]: {
    provider: 'scp',
    label: 'Failover IPs',
    description: 'Failover IPv4 and IPv6 addresses and the servers they route to',
    servers: 'none',
    alerting: 'never',
    legend: false,
  },
  [QueryType.GuestAgent]: {
    provider: 'scp',
    label: 'Guest agent',
    description: 'What the QEMU guest agent reports per server',
    servers: 'select',
    alerting: 'never',
    legend: false,
  },
  [QueryType.APIStatus]: {
    provider: 'scp',
    label: 'API status',
    description: 'Whether the SCP API answers, and how fast',
    servers: 'none',
    alerting: 'withField',
    legend: false,
  },
  [QueryType.Raw]: {
    provider: 'scp',
    label: 'Raw GET',
    description: 'Any read of the SCP API, flattened into a table',
    servers: 'none',
    alerting: 'never',
    legend: false,
  },
  [QueryType.Variable]: {
    provider: 'scp',
    label: 'Variable values',
    description: 'Values for a dashboard variable (servers, disks, interfaces, sites, states)',
    servers: 'none',
    alerting: 'never',
    legend: false,
  },
  [QueryType.NezhaServers]: {
    provider: 'nezha',
    label: 'Servers',
    description: 'The Nezha servers as a table: id, name, tag, addresses, last report, online',
    servers: 'select',
    alerting: 'never',
    legend: false,
  },
  [QueryType.NezhaStatus]: {
    provider: 'nezha',
    label: 'Server status',
    description: "Each agent's last report: CPU, memory, disk, network, load; pick a field for stats and alerts",
    servers: 'select',
    alerting: 'withField',
    legend: false,
  },
  [QueryType.NezhaMetrics]: {
    provider: 'nezha',
    label: 'Metrics history',
    description: 'A metric over the time range, from the time-series store of Nezha v2 (not v0)',
    servers: 'select',
    alerting: 'always',
    legend: true,
  },
  [QueryType.NezhaMonitors]: {
    provider: 'nezha',
    label: 'Monitors',
    description: 'ICMP/TCPing delay in ms per monitor and server (v0: the last 24 hours)',
    servers: 'select',
    alerting: 'always',
    legend: true,
  },
};

/** The query types a data source of the provider answers, in the order the editor offers them. */
export function queryTypesOf(provider: Provider): QueryType[] {
  return (Object.keys(QUERY_TYPES) as QueryType[]).filter((type) => QUERY_TYPES[type].provider === provider);
}

/** The type the backend answers a query without one with, per provider. */
export function implicitQueryType(provider: Provider): QueryType {
  return provider === 'nezha' ? QueryType.NezhaServers : QueryType.Servers;
}

/** The query types that make annotations, in the order the annotation editor offers them. */
export const ANNOTATION_TYPES = [QueryType.Tasks, QueryType.Maintenance, QueryType.Logs];

export const NOT_FOR_ALERTS = 'not for alerts';

export function queryTypeInfo(type: QueryType | undefined): QueryTypeInfo {
  return QUERY_TYPES[type ?? QueryType.Servers] ?? QUERY_TYPES[QueryType.Servers];
}

/** What to use instead of a query type that cannot alert, per provider. */
const ALERTING_ALTERNATIVES: Record<Provider, string> = {
  scp: 'Use Server status, Disks, Interfaces, Snapshots or Maintenance with a field, Monthly traffic, Metrics or API status.',
  nezha: 'Use Server status with a field, Metrics history or Monitors.',
};

/** Whether a query's answer can feed an alert rule; if not, the reason to show. */
export function alertingProblem(query: ScpQuery): string | undefined {
  const info = queryTypeInfo(query.queryType);
  if (info.alerting === 'never') {
    return `${info.label} answers a table or log lines, which alert rules cannot evaluate. ${ALERTING_ALTERNATIVES[info.provider]}`;
  }
  if (info.alerting === 'withField' && !query.field) {
    return `Pick a field: without one, ${info.label} answers a table, which alert rules cannot evaluate.`;
  }
  return undefined;
}

/** Whether the server picker applies, given the type and (for logs) the log source. */
export function usesServers(query: ScpQuery): boolean {
  const info = queryTypeInfo(query.queryType);
  if (query.queryType === QueryType.Logs) {
    return (query.logSource ?? 'server') === 'server';
  }
  return info.servers !== 'none';
}

export function hasNumericFields(type: QueryType | undefined): boolean {
  return Boolean(type && NUMERIC_FIELDS[type]);
}
