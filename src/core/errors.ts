/**
 * The one error type core code throws on purpose. Entry points turn it into exactly one failure
 * message per run: `message` says what went wrong, `hint` says how to fix it.
 */
export type ErrorCode =
  | 'UNKNOWN_COMMAND'
  | 'INPUT_MISSING'
  | 'INPUT_INVALID'
  | 'AUTH_CONFIG'
  | 'AUTH_FAILED'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'PLAN_INVALID'
  | 'CHECKS_FAILED'
  | 'INVENTORY_INCOMPLETE'
  | 'REMOTE_ERROR'
  | 'REFUSED'
  | 'INTERNAL';

export class RelocationError extends Error {
  override readonly name = 'RelocationError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The text a person reads: the problem, then what to do about it. */
  describe(): string {
    return this.hint ? `${this.message}\nHint: ${this.hint}` : this.message;
  }
}

export function isRelocationError(value: unknown): value is RelocationError {
  return value instanceof RelocationError;
}

/** Text for any thrown value, for the single failure an entry point reports. */
export function describeError(error: unknown): string {
  if (isRelocationError(error)) return `[${error.code}] ${error.describe()}`;
  if (error instanceof Error) return `[INTERNAL] ${error.message}`;
  return `[INTERNAL] ${String(error)}`;
}
