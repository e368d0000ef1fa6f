import type * as taskLib from 'azure-pipelines-task-lib/task.js';

/** The part of azure-pipelines-task-lib that reads a service connection. */
export type EndpointReader = Pick<
  typeof taskLib,
  'getEndpointAuthorization' | 'getEndpointAuthorizationScheme' | 'getEndpointDataParameter'
>;

/** An Azure Resource Manager service connection as the agent hands it to the task. */
export interface ServiceConnection {
  /** The connection's id: the value of the azureSubscription input. */
  id: string;
  /** WorkloadIdentityFederation, ServicePrincipal, ManagedServiceIdentity, ... (undefined when absent). */
  scheme: string | undefined;
  /** Authorization parameters, keys in lower case (serviceprincipalid, tenantid, serviceprincipalkey, ...). */
  parameters: Readonly<Record<string, string>>;
  /** A data parameter (subscriptionid, environment, ...), or undefined. */
  data(key: string): string | undefined;
}

/** Authorization parameters that hold secrets. */
const SECRET_PARAMETERS = ['serviceprincipalkey', 'serviceprincipalcertificate', 'certificatepassword'];

/**
 * Read a connection and mask its secrets at once. The whole authorization is read through
 * getEndpointAuthorization, which (unlike getEndpointAuthorizationParameter) does not write the
 * values to the debug log.
 */
export function readServiceConnection(
  tl: EndpointReader,
  id: string,
  setSecret: (value: string) => void,
): ServiceConnection {
  const authorization = tl.getEndpointAuthorization(id, true);
  const parameters: Record<string, string> = {};
  for (const [key, value] of Object.entries(authorization?.parameters ?? {})) {
    if (typeof value === 'string') parameters[key.toLowerCase()] = value;
  }
  for (const key of SECRET_PARAMETERS) {
    if (parameters[key]) maskSecret(parameters[key], setSecret);
  }
  const scheme = tl.getEndpointAuthorizationScheme(id, true) || authorization?.scheme || undefined;
  return {
    id,
    scheme,
    parameters,
    data: (key) => tl.getEndpointDataParameter(id, key, true) || undefined,
  };
}

/**
 * The agent refuses multi-line secrets, so a PEM is masked line by line; its BEGIN/END armour lines
 * are public text and stay readable.
 */
export function maskSecret(value: string, setSecret: (value: string) => void): void {
  for (const line of value.split(/\r\n|\r|\n/)) {
    const text = line.trim();
    if (text && !/^-----(BEGIN|END) [A-Z ]+-----$/.test(text)) setSecret(text);
  }
}

/**
 * Inputs that default to a data parameter of the service connection when the task leaves them
 * empty; `note` tells task users so (the generator adds it to task.json's help).
 */
export const CONNECTION_DEFAULTS: Readonly<Record<string, { dataKey: string; note?: string }>> = {
  'subscription-id': { dataKey: 'subscriptionid' },
  environment: { dataKey: 'environment', note: "Defaults to the service connection's cloud." },
};
