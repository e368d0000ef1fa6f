/** ARM's error wire format `{ "error": { "code", "message", "details"? } }` and the common errors. */

export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extraHeaders: Record<string, string> = {},
    readonly details?: ArmErrorDetail[],
  ) {
    super(message);
  }

  body(): { error: ArmErrorDetail } {
    return armErrorBody(this.code, this.message, this.details);
  }
}

export function armErrorBody(code: string, message: string, details?: ArmErrorDetail[]): { error: ArmErrorDetail } {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

export function resourceGroupNotFound(name: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
}

export function subscriptionNotFound(id: string): ArmError {
  return new ArmError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
}

/** `type` is the full type, e.g. Microsoft.ContainerRegistry/registries. */
export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function invalidRequestContent(detail: string): ArmError {
  return new ArmError(
    400,
    'InvalidRequestContent',
    `The request content was invalid and could not be deserialized: '${detail}'.`,
  );
}
