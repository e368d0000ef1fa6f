/**
 * Azure Monitor platform metrics of container registries, computed from what the emulated data planes
 * really served (the request log): GET {resourceUri}/providers/Microsoft.Insights/metrics
 * ?metricnames=SuccessfulPullCount,SuccessfulPushCount&timespan=start/end&interval=PT1M&aggregation=Total
 * answers in Azure Monitor's Response shape (value[].name.value, timeseries[].data[].timeStamp/total).
 *
 * Counting (service 'acr:<registry>'): a pull is a manifest GET (HEAD only checks existence), a push a
 * manifest PUT; "Successful" ones answered 2xx; "Total" ones are all of them except 401 auth challenges
 * (a client's first, anonymous attempt). Buckets are aligned to the interval from the Unix epoch, as
 * Azure Monitor's are, and empty buckets report 0. StorageUsed reports the registry's current size.
 */
import type { RequestLogEntry } from '../../../shared/contract.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { parseResourceId } from '../../resourceId.js';
import { monitorError } from './diagnosticSettings.js';
import { parseDuration, parseTimespan } from './timespan.js';

export interface MetricsDeps {
  /** The emulator's request log (emulator/src/http/requestLog.ts). */
  requests: { list(query: { service?: string }): RequestLogEntry[] };
  /** Bytes a registry holds (for StorageUsed). */
  registrySize?: (registryName: string) => number;
}

interface MetricDefinition {
  name: string;
  display: string;
  description: string;
  unit: string;
  /** Which served requests count, or undefined for a gauge. */
  counts?: (entry: RequestLogEntry) => boolean;
}

const manifestGet = (e: RequestLogEntry) => e.kind === 'acr:manifest-get' && e.method === 'GET';
const manifestPut = (e: RequestLogEntry) => e.kind === 'acr:manifest-put' && e.method === 'PUT';
const ok = (e: RequestLogEntry) => e.status >= 200 && e.status < 300;

const REGISTRY_METRICS: MetricDefinition[] = [
  {
    name: 'AgentPoolCPUTime',
    display: 'AgentPool CPU Time',
    description: 'AgentPool CPU Time in milliseconds',
    unit: 'Milliseconds',
    counts: () => false,
  },
  {
    name: 'RunDuration',
    display: 'Run Duration',
    description: 'Run Duration in milliseconds',
    unit: 'Milliseconds',
    counts: () => false,
  },
  {
    name: 'StorageUsed',
    display: 'Storage used',
    description: 'The amount of storage used by the container registry.',
    unit: 'Bytes',
  },
  {
    name: 'SuccessfulPullCount',
    display: 'Successful Pull Count',
    description: 'Number of successful image pulls',
    unit: 'Count',
    counts: (e) => manifestGet(e) && ok(e),
  },
  {
    name: 'SuccessfulPushCount',
    display: 'Successful Push Count',
    description: 'Number of successful image pushes',
    unit: 'Count',
    counts: (e) => manifestPut(e) && ok(e),
  },
  {
    name: 'TotalPullCount',
    display: 'Total Pull Count',
    description: 'Number of image pulls in total',
    unit: 'Count',
    counts: (e) => manifestGet(e) && e.status !== 401,
  },
  {
    name: 'TotalPushCount',
    display: 'Total Push Count',
    description: 'Number of image pushes in total',
    unit: 'Count',
    counts: (e) => manifestPut(e) && e.status !== 401,
  },
];

const AGGREGATIONS = ['total', 'average', 'count', 'minimum', 'maximum'];

export function metricRoutes(deps: MetricsDeps): ArmRoute[] {
  return [
    {
      method: 'GET',
      path: '{*resourceUri}/providers/Microsoft.Insights/metrics',
      resourceType: 'metrics',
      handle: (req, ctx) => listMetrics(req, ctx, deps),
    },
  ];
}

function listMetrics(req: ArmRequest, ctx: ArmContext, deps: MetricsDeps): ArmResponse {
  const resourceUri = req.params.resourceUri ?? '';
  const parsed = parseResourceId(resourceUri);
  const resource = ctx.store.get(resourceUri);
  if (!resource)
    return monitorError(
      404,
      'ResourceNotFound',
      `The Resource '${parsed.namespace ?? ''}/${parsed.resourceType ?? ''}/${parsed.name ?? ''}' under resource group '${parsed.resourceGroup ?? ''}' was not found.`,
    );
  const now = new Date();
  const span = parseTimespan(req.query.get('timespan'), now);
  if ('error' in span) return monitorError(400, 'BadRequest', span.error);
  const intervalText = req.query.get('interval') ?? 'PT1M';
  const intervalMs = intervalText.toUpperCase() === 'FULL' ? span.end - span.start : parseDuration(intervalText);
  if (!intervalMs || intervalMs <= 0) return monitorError(400, 'BadRequest', `Invalid interval '${intervalText}'.`);
  const definitions = resource.type.toLowerCase() === 'microsoft.containerregistry/registries' ? REGISTRY_METRICS : [];
  const requested = (req.query.get('metricnames') ?? definitions[0]?.name ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const chosen: MetricDefinition[] = [];
  for (const name of requested) {
    const found = definitions.find((d) => d.name.toLowerCase() === name.toLowerCase());
    if (!found) {
      return monitorError(
        400,
        'BadRequest',
        `Failed to find metric configuration for provider: ${parsed.namespace ?? ''}, resource Type: ${parsed.resourceType ?? ''}, metric: ${name}, Valid metrics: ${definitions.map((d) => d.name).join(',')}`,
      );
    }
    chosen.push(found);
  }
  const aggregations = (req.query.get('aggregation') ?? 'Total').split(',').map((a) => a.trim().toLowerCase());
  const unknown = aggregations.find((a) => !AGGREGATIONS.includes(a));
  if (unknown)
    return monitorError(
      400,
      'BadRequest',
      `Invalid aggregation type '${unknown}'. Valid aggregation types are: Average, Count, Minimum, Maximum, Total.`,
    );
  const start = intervalText.toUpperCase() === 'FULL' ? span.start : Math.floor(span.start / intervalMs) * intervalMs;
  const bucketCount = Math.max(1, Math.ceil((span.end - start) / intervalMs));
  if (bucketCount > 50_000)
    return monitorError(400, 'BadRequest', 'The requested timespan and interval produce too many data points.');
  const registryName = String(resource.body.name).toLowerCase();
  const entries = deps.requests.list({ service: `acr:${registryName}` });
  const value = chosen.map((definition) => {
    const data = Array.from({ length: bucketCount }, (_, i) => {
      const from = start + i * intervalMs;
      const to = Math.min(from + intervalMs, span.end);
      return {
        timeStamp: new Date(from).toISOString(),
        ...aggregate(
          definition,
          entries,
          Math.max(from, span.start),
          to,
          aggregations,
          deps.registrySize?.(registryName) ?? 0,
        ),
      };
    });
    return {
      id: `${resource.id}/providers/Microsoft.Insights/metrics/${definition.name}`,
      type: 'Microsoft.Insights/metrics',
      name: { value: definition.name, localizedValue: definition.display },
      displayDescription: definition.description,
      unit: definition.unit,
      timeseries: [{ metadatavalues: [], data }],
      errorCode: 'Success',
    };
  });
  const timespan = `${new Date(span.start).toISOString()}/${new Date(span.end).toISOString()}`;
  return {
    status: 200,
    body: {
      cost: bucketCount * chosen.length,
      timespan,
      interval: intervalText,
      value,
      namespace: resource.type,
      resourceregion: String(resource.body.location ?? ''),
    },
  };
}

function aggregate(
  definition: MetricDefinition,
  entries: RequestLogEntry[],
  from: number,
  to: number,
  wanted: string[],
  size: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  if (!definition.counts) {
    for (const a of wanted) out[a] = a === 'count' ? 1 : size;
    return out;
  }
  const counts = definition.counts;
  const count = entries.filter((e) => {
    const at = Date.parse(e.time);
    return at >= from && at < to && counts(e);
  }).length;
  for (const a of wanted) out[a] = a === 'total' || a === 'count' ? count : count > 0 ? 1 : 0;
  return out;
}
