/**
 * The ARM client used for imports, with ONE retry authority: ours.
 *
 * core-rest-pipeline's defaultRetryPolicy retries 429 and 503 itself (honouring Retry-After without
 * a cap) and 5xx/network errors with exponential backoff, 3 times by default. Left in place, a
 * throttled importImage POST would be retried inside the SDK: our token bucket and AIMD would never
 * see the 429, the SDK would sleep as long as ARM asks, and our own retries would multiply with its
 * own (4 × 4 attempts). So the SDK policy is removed (and maxRetries is 0 besides), and this policy
 * takes its place in the Retry phase:
 * - writes (the importImage POST) pass through untouched; a 429 is reported to `onWriteThrottled`
 *   and the engine decides (AIMD, token bucket, capped Retry-After);
 * - reads (the operation's polls) take a token from a read bucket (ARM's 250 + 25/s) and are retried
 *   here on 429, 408, 5xx and network errors, waiting Retry-After (every form, capped) or a jittered
 *   backoff: a flaky poll must not make us resubmit an import that is running fine;
 * - a Retry-After on a successful poll (ARM's hint for the polling interval) is capped as well, since
 *   core-lro would otherwise sleep as long as it says.
 */
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { TokenCredential } from '@azure/core-auth';
import { armClientOptions } from '../../azure/clients.js';
import type { CloudSettings } from '../../azure/clouds.js';
import { backoffMs, capWait, retryAfterMs } from '../throttle/retry-after.js';
import type { EngineTiming } from '../throttle/timing.js';
import type { TokenBucket } from '../throttle/token-bucket.js';

/** core-rest-pipeline's types, taken from the client (the package is not a direct dependency). */
type PipelinePolicy = Parameters<ContainerRegistryManagementClient['pipeline']['addPolicy']>[0];
type PipelineResponse = Awaited<ReturnType<PipelinePolicy['sendRequest']>>;

export const POLICY_NAME = 'acrRelocateImportRetryPolicy';
const SDK_RETRY_POLICY = 'defaultRetryPolicy';
const RETRIABLE_READ = new Set([408, 429, 500, 502, 503, 504]);

export interface ImportPipelineOptions {
  timing: EngineTiming;
  /** Shapes polls like ARM's read budget. */
  readBucket?: TokenBucket;
  /** Attempts per poll request (first included). */
  readAttempts: number;
  /** Cap of every wait (Retry-After or backoff). */
  maxWaitMs: number;
  /** Cap of the polling interval ARM may ask for. */
  maxPollIntervalMs: number;
  onWriteThrottled?: (retryAfterMs: number | undefined) => void;
  onReadThrottled?: (retryAfterMs: number | undefined) => void;
  /** Every request sent (for statistics: writes are what the write budget counts). */
  onSend?: (method: string) => void;
}

function waitAsked(response: PipelineResponse, now: number): number | undefined {
  return retryAfterMs((name) => response.headers.get(name) ?? undefined, now);
}

function capPollingHint(response: PipelineResponse, maxMs: number, now: number): void {
  if (response.status >= 300) return;
  const asked = waitAsked(response, now);
  if (asked !== undefined && asked > maxMs) response.headers.set('retry-after', String(Math.floor(maxMs / 1000)));
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /REQUEST_SEND_ERROR|ECONNRESET|ETIMEDOUT|ECONNREFUSED|EPIPE|EAI_AGAIN/.test(code);
}

export function importRetryPolicy(options: ImportPipelineOptions): PipelinePolicy {
  const { timing } = options;
  return {
    name: POLICY_NAME,
    async sendRequest(request, next) {
      const read = request.method === 'GET' || request.method === 'HEAD';
      for (let attempt = 1; ; attempt++) {
        if (read) await options.readBucket?.take(request.abortSignal);
        options.onSend?.(request.method);
        let response: PipelineResponse;
        try {
          response = await next(request);
        } catch (error) {
          if (!read || attempt >= options.readAttempts || !isNetworkError(error)) throw error;
          await timing.sleep(backoffMs(attempt, 500, options.maxWaitMs, timing.random), request.abortSignal);
          continue;
        }
        const asked = waitAsked(response, timing.now());
        if (response.status === 429) (read ? options.onReadThrottled : options.onWriteThrottled)?.(asked);
        capPollingHint(response, options.maxPollIntervalMs, timing.now());
        if (!read || attempt >= options.readAttempts || !RETRIABLE_READ.has(response.status)) return response;
        const wait = asked ?? backoffMs(attempt, 500, options.maxWaitMs, timing.random);
        if (response.status === 429) options.readBucket?.holdUntil(timing.now() + capWait(wait, options.maxWaitMs));
        await timing.sleep(capWait(wait, options.maxWaitMs), request.abortSignal);
      }
    },
  };
}

/** A management client for the target's subscription whose only retry policy is importRetryPolicy. */
export function createImportClient(
  credential: TokenCredential,
  cloud: CloudSettings,
  subscriptionId: string,
  options: ImportPipelineOptions,
): ContainerRegistryManagementClient {
  const client = new ContainerRegistryManagementClient(credential, subscriptionId, {
    ...armClientOptions(cloud),
    retryOptions: { maxRetries: 0 },
  });
  client.pipeline.removePolicy({ name: SDK_RETRY_POLICY });
  client.pipeline.addPolicy(importRetryPolicy(options), { phase: 'Retry' });
  return client;
}
