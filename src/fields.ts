import { ComboboxOption } from '@grafana/ui';

import { LogSource, MetricKind, NezhaMetric, QueryType, VariableKind } from './types';

/**
 * The numeric fields a query can pick to turn its table into one numeric frame per series
 * (stat panels, alert rules). The names are the backend's column names (pkg/query).
 */
export const NUMERIC_FIELDS: Partial<Record<QueryType, Array<ComboboxOption<string>>>> = {
  [QueryType.ServerStatus]: [
    { value: 'running', description: '1 while the server is RUNNING, else 0' },
    { value: 'uptimeSeconds', description: 'Seconds since the last boot' },
    { value: 'cpuCount', description: 'vCPUs now' },
    { value: 'cpuMaxCount', description: 'vCPUs the plan allows' },
    { value: 'memoryBytes', description: 'Memory now' },
    { value: 'maxMemoryBytes', description: 'Memory the plan allows' },
    { value: 'rebootRecommended', description: '1 when the configuration changed since the last boot' },
    { value: 'rescueActive', description: '1 while the rescue system is active' },
    { value: 'snapshotCount', description: 'Snapshots kept' },
    { value: 'snapshotAllowed', description: '1 when snapshots are allowed' },
    { value: 'autostart', description: '1 when the server starts with its host' },
    { value: 'uefi', description: '1 when the server boots with UEFI' },
    { value: 'latestQemu', description: '1 when the server runs the latest QEMU' },
    { value: 'disksAvailableBytes', description: 'Disk space not yet allocated' },
    { value: 'disabled', description: '1 when netcup disabled the server' },
    { value: 'gpuDriverAvailable', description: '1 when a GPU driver is offered' },
    { value: 'guestAgentAvailable', description: '1 when the QEMU guest agent answers (one more call per server)' },
  ],
  [QueryType.Disks]: [
    { value: 'capacityBytes', description: 'Disk size' },
    { value: 'usedBytes', description: 'Space allocated on the host' },
    { value: 'usedPercent', description: 'Used share of the capacity' },
    { value: 'optimizationRequired', description: '1 when netcup recommends a storage optimization' },
  ],
  [QueryType.Interfaces]: [
    { value: 'speedMbits', description: 'Link speed' },
    { value: 'throttled', description: '1 while the traffic is throttled' },
    { value: 'rxMonthlyBytes', description: 'Received this month' },
    { value: 'txMonthlyBytes', description: 'Sent this month' },
  ],
  [QueryType.Snapshots]: [
    { value: 'snapshotCount', description: 'Snapshots kept per server' },
    { value: 'newestSnapshotAgeSeconds', description: 'Age of the newest snapshot; empty when the server has none' },
  ],
  [QueryType.Maintenance]: [
    { value: 'startTime', description: 'Start of the announced maintenance window (a time, epoch ms)' },
    { value: 'finishTime', description: 'End of the announced maintenance window (a time, epoch ms)' },
    {
      value: 'secondsUntilStart',
      description: 'Seconds until the next announced maintenance starts; empty when none is announced',
    },
  ],
  [QueryType.Traffic]: [
    { value: 'in', description: 'Received this month' },
    { value: 'out', description: 'Sent this month' },
    { value: 'total', description: 'Received and sent this month' },
  ],
  [QueryType.APIStatus]: [
    { value: 'up', description: '1 while the SCP API answers its ping, else 0' },
    { value: 'latency', description: 'How long the ping took, in ms' },
  ],
  [QueryType.Tasks]: [
    { value: 'count', description: 'Per server: the tasks in the chosen states within the time range' },
  ],
  // The agent's last report; `online` says whether it is recent enough.
  [QueryType.NezhaStatus]: [
    { value: 'online', description: '1 while the agent reported within the online threshold, else 0' },
    { value: 'cpuPercent', description: 'CPU use, 0–100 %' },
    { value: 'memUsedBytes', description: 'Memory used' },
    { value: 'memTotalBytes', description: 'Memory installed' },
    { value: 'memUsedPercent', description: 'Used share of the memory' },
    { value: 'swapUsedBytes', description: 'Swap used' },
    { value: 'swapTotalBytes', description: 'Swap size' },
    { value: 'swapUsedPercent', description: 'Used share of the swap' },
    { value: 'diskUsedBytes', description: 'Disk space used' },
    { value: 'diskTotalBytes', description: 'Disk size' },
    { value: 'diskUsedPercent', description: 'Used share of the disk' },
    { value: 'netInSpeed', description: 'Receiving now, bytes/s' },
    { value: 'netOutSpeed', description: 'Sending now, bytes/s' },
    { value: 'netInTransferBytes', description: 'Received since the host booted (restarts at 0)' },
    { value: 'netOutTransferBytes', description: 'Sent since the host booted (restarts at 0)' },
    { value: 'load1', description: 'Load average over 1 minute' },
    { value: 'load5', description: 'Load average over 5 minutes' },
    { value: 'load15', description: 'Load average over 15 minutes' },
    { value: 'tcpConnections', description: 'Open TCP connections' },
    { value: 'udpConnections', description: 'Open UDP connections' },
    { value: 'processes', description: 'Running processes' },
    { value: 'uptimeSeconds', description: 'Seconds since the host booted' },
  ],
};

export const METRIC_KINDS: Array<{ label: string; value: MetricKind; description: string }> = [
  { label: 'CPU', value: 'cpu', description: 'Per-vCPU series' },
  { label: 'Disk', value: 'disk', description: 'Read and write per disk' },
  { label: 'Network', value: 'network', description: 'In and out per interface' },
  { label: 'Packets', value: 'packet', description: 'Packets in and out per interface' },
];

/** The series of Nezha v2's time-series store (nezhaMetrics). */
export const NEZHA_METRICS: Array<{ label: string; value: NezhaMetric; description: string }> = [
  { label: 'CPU', value: 'cpu', description: 'Percent, 0–100' },
  { label: 'Memory', value: 'memory', description: 'Bytes used' },
  { label: 'Swap', value: 'swap', description: 'Bytes used' },
  { label: 'Disk', value: 'disk', description: 'Bytes used' },
  { label: 'Network in', value: 'net_in_speed', description: 'Bytes/s received' },
  { label: 'Network out', value: 'net_out_speed', description: 'Bytes/s sent' },
  { label: 'Received', value: 'net_in_transfer', description: 'Bytes since the host booted' },
  { label: 'Sent', value: 'net_out_transfer', description: 'Bytes since the host booted' },
  { label: 'Load 1m', value: 'load1', description: 'Load average over 1 minute' },
  { label: 'Load 5m', value: 'load5', description: 'Load average over 5 minutes' },
  { label: 'Load 15m', value: 'load15', description: 'Load average over 15 minutes' },
  { label: 'TCP connections', value: 'tcp_conn', description: 'Open TCP connections' },
  { label: 'UDP connections', value: 'udp_conn', description: 'Open UDP connections' },
  { label: 'Processes', value: 'process_count', description: 'Running processes' },
  { label: 'Temperature', value: 'temperature', description: 'As the agent reports it; no unit' },
  { label: 'Uptime', value: 'uptime', description: 'Seconds since the host booted' },
  { label: 'GPU', value: 'gpu', description: 'As the agent reports it; no unit' },
];

export const TASK_STATES = ['PENDING', 'RUNNING', 'FINISHED', 'ERROR', 'WAITING_FOR_CANCEL', 'CANCELED', 'ROLLBACK'];

export const LOG_SOURCES: Array<{ label: string; value: LogSource; description: string }> = [
  { label: 'Server', value: 'server', description: 'The log of each selected server' },
  { label: 'Account', value: 'user', description: 'The log of your SCP user' },
];

export const VARIABLE_KINDS: Array<{ label: string; value: VariableKind; description: string }> = [
  { label: 'Servers', value: 'servers', description: 'Server ids, shown by name' },
  { label: 'Disks', value: 'disks', description: 'Disk devices of the chosen servers' },
  { label: 'Interfaces', value: 'interfaces', description: 'Interface MACs of the chosen servers' },
  { label: 'Sites', value: 'sites', description: 'Sites (cities) that host your servers' },
  { label: 'States', value: 'states', description: 'Server states' },
];

/** What a variable on a Nezha data source lists. */
export const NEZHA_VARIABLE_KINDS: Array<{ label: string; value: VariableKind; description: string }> = [
  { label: 'Servers', value: 'servers', description: 'Nezha server ids, shown by name' },
  { label: 'Tags', value: 'tags', description: 'The v0 tags or v2 groups of the servers' },
];

/** Placeholders the backend fills in series names, per query type with a legend. */
export const LEGEND_PLACEHOLDERS: Partial<Record<QueryType, string[]>> = {
  [QueryType.Metrics]: ['{{server}}', '{{nickname}}', '{{server_id}}', '{{device}}', '{{direction}}'],
  [QueryType.NezhaMetrics]: ['{{server}}', '{{server_id}}', '{{tag}}'],
  [QueryType.NezhaMonitors]: ['{{server}}', '{{server_id}}', '{{tag}}', '{{monitor}}', '{{monitor_id}}'],
};

/** A legend to show as the input's placeholder. */
export const LEGEND_EXAMPLES: Partial<Record<QueryType, string>> = {
  [QueryType.Metrics]: '{{server}} {{device}} {{direction}}',
  [QueryType.NezhaMetrics]: '{{server}} ({{tag}})',
  [QueryType.NezhaMonitors]: '{{server}} {{monitor}}',
};

/** Default and maximum number of tasks or log entries read. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
