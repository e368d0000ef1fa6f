/**
 * Long-running operations as ARM resource providers implement them.
 *
 * A handler calls `lro.start(...)`: the framework answers the initial request (201/202/200) with
 * Azure-AsyncOperation and/or Location headers and Retry-After, then runs the operation's `complete`
 * step after the configured duration. Clients poll:
 *  - Azure-AsyncOperation: …/locations/{loc}/operationStatuses/{id} → 200 { id, name, status, startTime,
 *    endTime?, error? } with status InProgress | Succeeded | Failed | Canceled;
 *  - Location: …/locations/{loc}/operationResults/{id} → 202 while running, then the final answer
 *    (200 with the result body, or 204), or the error status and body if it failed.
 * Faults (kind 'arm:lro', or the start call's own kind) make an operation hang or fail.
 */
import type { FaultAction, FaultHook } from '../shared/contract.js';
import { randomId } from '../shared/ids.js';
import { ArmError, type ArmErrorDetail } from './errors.js';
import type { ArmRequest, ArmResponse } from './provider.js';

export type LroStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface LroOutcome {
  /** Final answer of the Location URL once succeeded: 200 with `body`, or 204 without. */
  status?: 200 | 204;
  body?: unknown;
}

export interface LroStart {
  req: ArmRequest;
  /** Namespace whose operationStatuses/operationResults URLs are used, e.g. Microsoft.ContainerRegistry. */
  namespace: string;
  /** Region of the operation (lowercase name, e.g. westus). */
  location: string;
  /** Status of the initial answer: 201 (PUT), 202 (DELETE, POST), 200. */
  initialStatus: 200 | 201 | 202;
  initialBody?: unknown;
  /** Which polling headers the initial answer carries. */
  headers: 'azure-async-operation' | 'location' | 'both';
  /** Runs when the operation finishes; throw ArmError to make it fail. */
  complete: () => LroOutcome | void | Promise<LroOutcome | void>;
  /** Runs when the operation fails or is canceled (e.g. set provisioningState Failed). */
  onFailure?: (error: ArmErrorDetail, status: LroStatus) => void;
  /** Fault kind consulted for hang/fail; default 'arm:lro'. */
  kind?: string;
  /** Level of the polling URLs: subscription (Microsoft.Resources: /subscriptions/{s}/operationresults/{id}). */
  subscriptionLevel?: boolean;
  /** Operation id in the polling URLs (default a random UUID); ACR names its operations e.g. `registries-<uuid>`. */
  operationId?: string;
  /** A fault decision the caller already took (null: none); the hook is then not consulted a second time. */
  fault?: FaultAction | null;
}

interface Operation {
  id: string;
  subscriptionId: string;
  status: LroStatus;
  startTime: string;
  endTime?: string;
  outcome?: LroOutcome;
  error?: ArmErrorDetail;
  /** HTTP status the Location URL answers with once failed. */
  errorStatus?: number;
  statusUrl: string;
  resultUrl: string;
}

export interface LroSettings {
  /** How long operations take (ms). */
  durationMs: number;
  /** Retry-After (seconds) on initial and polling answers; undefined omits the header. */
  retryAfterSeconds?: number;
}

export class LroManager {
  private readonly operations = new Map<string, Operation>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly armUrl: () => string,
    private readonly faults: FaultHook,
    readonly settings: LroSettings,
  ) {}

  start(spec: LroStart): ArmResponse {
    const id = spec.operationId ?? randomId();
    const subscriptionId = spec.req.path.split('/')[2] ?? '';
    const apiVersion = `api-version=${encodeURIComponent(spec.req.apiVersion)}`;
    const base = spec.subscriptionLevel
      ? `${this.armUrl()}/subscriptions/${subscriptionId}`
      : `${this.armUrl()}/subscriptions/${subscriptionId}/providers/${spec.namespace}/locations/${spec.location}`;
    const operation: Operation = {
      id,
      subscriptionId,
      status: 'InProgress',
      startTime: new Date().toISOString(),
      statusUrl: `${base}/operationStatuses/${id}?${apiVersion}`,
      resultUrl: `${base}/operationResults/${id}?${apiVersion}`,
    };
    if (spec.subscriptionLevel) operation.resultUrl = `${base}/operationresults/${id}?${apiVersion}`;
    this.operations.set(id, operation);
    const fault =
      spec.fault !== undefined ? (spec.fault ?? undefined) : this.faults(spec.kind ?? 'arm:lro', spec.req.raw);
    if (fault?.lro !== 'hang') {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          void this.finish(operation, spec, fault?.lro, fault?.errorCode, fault?.status);
        },
        this.settings.durationMs + (fault?.delayMs ?? 0),
      );
      timer.unref();
      this.timers.add(timer);
    }
    const headers: Record<string, string> = { ...this.retryAfter() };
    if (spec.headers !== 'location') headers['azure-asyncoperation'] = operation.statusUrl;
    if (spec.headers !== 'azure-async-operation') headers['location'] = operation.resultUrl;
    return { status: spec.initialStatus, body: spec.initialBody, headers };
  }

  /** GET …/operationStatuses/{id} */
  status(id: string): ArmResponse {
    const op = this.require(id);
    const body = {
      id: op.statusUrl.replace(this.armUrl(), '').split('?')[0],
      name: op.id,
      status: op.status,
      startTime: op.startTime,
      ...(op.endTime ? { endTime: op.endTime } : {}),
      ...(op.error ? { error: op.error } : {}),
    };
    return { status: 200, body, headers: op.status === 'InProgress' ? this.retryAfter() : {} };
  }

  /** GET …/operationResults/{id} */
  result(id: string): ArmResponse {
    const op = this.require(id);
    switch (op.status) {
      case 'InProgress':
        return { status: 202, headers: { location: op.resultUrl, ...this.retryAfter() } };
      case 'Succeeded':
        return op.outcome?.status === 200 || op.outcome?.body !== undefined
          ? { status: 200, body: op.outcome?.body ?? {} }
          : { status: 204 };
      default:
        throw new ArmError(
          op.errorStatus ?? 500,
          op.error?.code ?? 'Failed',
          op.error?.message ?? 'The operation failed.',
        );
    }
  }

  /** Stops pending completions (emulator shutdown). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async finish(
    op: Operation,
    spec: LroStart,
    lro?: 'hang' | 'fail' | 'cancel',
    errorCode?: string,
    status?: number,
  ): Promise<void> {
    try {
      if (lro === 'fail') {
        throw new ArmError(
          status ?? 500,
          errorCode ?? 'InternalServerError',
          'The operation failed because of an internal error (injected fault).',
        );
      }
      if (lro === 'cancel') {
        this.settle(
          op,
          'Canceled',
          { code: errorCode ?? 'OperationCanceled', message: 'The operation was canceled.' },
          409,
        );
        spec.onFailure?.(op.error as ArmErrorDetail, 'Canceled');
        return;
      }
      op.outcome = (await spec.complete()) ?? {};
      this.settle(op, 'Succeeded');
    } catch (err) {
      const error =
        err instanceof ArmError
          ? { code: err.code, message: err.message }
          : { code: 'InternalServerError', message: String(err) };
      this.settle(op, 'Failed', error, err instanceof ArmError ? err.status : 500);
      spec.onFailure?.(error, 'Failed');
    }
  }

  private settle(op: Operation, status: LroStatus, error?: ArmErrorDetail, errorStatus?: number): void {
    op.status = status;
    op.endTime = new Date().toISOString();
    op.error = error;
    op.errorStatus = errorStatus;
  }

  private require(id: string): Operation {
    const op = this.operations.get(id);
    if (!op) throw new ArmError(404, 'OperationNotFound', `The operation '${id}' could not be found.`);
    return op;
  }

  private retryAfter(): Record<string, string> {
    const seconds = this.settings.retryAfterSeconds;
    return seconds === undefined ? {} : { 'retry-after': String(seconds) };
  }
}
