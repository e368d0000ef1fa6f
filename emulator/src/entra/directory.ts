/**
 * The emulated Entra ID tenant: service principals (app registrations), their client secrets and
 * federated identity credentials. Principals without secrets model managed identities (they appear
 * in role assignments but never ask for tokens here).
 */

export interface FederatedCredential {
  name: string;
  /** Issuer URL, compared exactly (Entra compares case-sensitively). */
  issuer: string;
  /** Subject, compared exactly, e.g. repo:contoso/app:ref:refs/heads/main or sc://org/project/connection. */
  subject: string;
  /** Accepted audiences, normally ["api://AzureADTokenExchange"]. */
  audiences: string[];
}

export interface ServicePrincipal {
  /** Application (client) id. */
  clientId: string;
  /** Object id of the service principal: what role assignments name and tokens carry as `oid`. */
  objectId: string;
  displayName: string;
  secrets: string[];
  federatedCredentials: FederatedCredential[];
}

export interface DirectoryState {
  tenantId: string;
  principals: ServicePrincipal[];
}

export class Directory {
  constructor(
    private readonly state: DirectoryState,
    private readonly onChange: () => void = () => undefined,
  ) {}

  get tenantId(): string {
    return this.state.tenantId;
  }

  principals(): readonly ServicePrincipal[] {
    return this.state.principals;
  }

  byClientId(clientId: string): ServicePrincipal | undefined {
    return this.state.principals.find((p) => p.clientId === clientId);
  }

  byObjectId(objectId: string): ServicePrincipal | undefined {
    return this.state.principals.find((p) => p.objectId.toLowerCase() === objectId.toLowerCase());
  }

  /** Adds a principal, or replaces the one with the same client id. */
  upsert(principal: ServicePrincipal): ServicePrincipal {
    const index = this.state.principals.findIndex((p) => p.clientId === principal.clientId);
    if (index >= 0) this.state.principals[index] = principal;
    else this.state.principals.push(principal);
    this.onChange();
    return principal;
  }

  addFederatedCredential(clientId: string, credential: FederatedCredential): void {
    const principal = this.byClientId(clientId);
    if (!principal) throw new Error(`no service principal with client id ${clientId}`);
    principal.federatedCredentials = principal.federatedCredentials.filter((c) => c.name !== credential.name);
    principal.federatedCredentials.push(credential);
    this.onChange();
  }

  snapshot(): DirectoryState {
    return structuredClone(this.state);
  }
}
