import { ComboboxOption } from '@grafana/ui';

import { LogSource, MetricKind, QueryType, VariableKind } from './types';

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
  [QueryType.Traffic]: [
    { value: 'in', description: 'Received this month' },
    { value: 'out', description: 'Sent this month' },
    { value: 'total', description: 'Received and sent this month' },
  ],
};

export const METRIC_KINDS: Array<{ label: string; value: MetricKind; description: string }> = [
  { label: 'CPU', value: 'cpu', description: 'Per-vCPU series' },
  { label: 'Disk', value: 'disk', description: 'Read and write per disk' },
  { label: 'Network', value: 'network', description: 'In and out per interface' },
  { label: 'Packets', value: 'packet', description: 'Packets in and out per interface' },
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

/** Placeholders the backend fills in series names. */
export const LEGEND_PLACEHOLDERS = ['{{server}}', '{{nickname}}', '{{server_id}}', '{{device}}', '{{direction}}'];

/** Default and maximum number of tasks or log entries read. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
