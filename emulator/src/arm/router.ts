/**
 * Route registry: providers register routes; requests are matched most-specific template first.
 * Also answers "why didn't anything match" the way ARM does (unknown namespace / resource type), and
 * checks the api-version against the resource type's published versions.
 */
import { compileTemplate, matchTemplate, type CompiledTemplate } from './pathTemplate.js';
import { ArmError } from './errors.js';
import type { ArmProvider, ArmRoute, HttpMethod, ResourceTypeSpec } from './provider.js';
import { parseResourceId } from './resourceId.js';
import { regionDisplayNames } from './catalog/locations.js';

export interface RegisteredRoute {
  provider: ArmProvider;
  route: ArmRoute;
  compiled: CompiledTemplate;
}

export interface RouteMatch {
  registered: RegisteredRoute;
  params: Record<string, string>;
}

export class ArmRouter {
  private routes: RegisteredRoute[] = [];
  private readonly providers = new Map<string, ArmProvider>();
  private finalized = false;

  /**
   * Adds a provider. Several providers may share a namespace (e.g. registries here, replications and
   * importImage in another module): their resource types and routes are merged. A resource type
   * declared twice must declare the same api-versions.
   */
  register(piece: ArmProvider): void {
    if (this.finalized) throw new Error('providers must be registered before the ARM service starts');
    const key = piece.namespace.toLowerCase();
    const existing = this.providers.get(key);
    if (!existing) {
      this.providers.set(key, { ...piece, resourceTypes: [...piece.resourceTypes], routes: [...piece.routes] });
      return;
    }
    if (Boolean(existing.builtIn) !== Boolean(piece.builtIn))
      throw new Error(`provider ${piece.namespace}: builtIn differs between registrations`);
    const types = [...existing.resourceTypes];
    for (const type of piece.resourceTypes) {
      const same = resourceTypeSpec(existing, type.resourceType);
      if (!same) types.push(type);
      else if (same.apiVersions.join() !== type.apiVersions.join()) {
        throw new Error(
          `resource type ${piece.namespace}/${type.resourceType} is registered twice with different api-versions`,
        );
      }
    }
    this.providers.set(key, { ...existing, resourceTypes: types, routes: [...existing.routes, ...piece.routes] });
  }

  /** Adds each namespace's polling routes, checks every route names a declared type, orders routes. */
  finalize(addOperationRoutes: (provider: ArmProvider) => ArmProvider): void {
    if (this.finalized) return;
    this.finalized = true;
    for (const [key, provider] of this.providers) {
      const full = addOperationRoutes(provider);
      this.providers.set(key, full);
      for (const route of full.routes) {
        if (!resourceTypeSpec(full, route.resourceType)) {
          throw new Error(
            `route ${route.method} ${route.path} names unknown resource type ${full.namespace}/${route.resourceType}`,
          );
        }
        this.routes.push({ provider: full, route, compiled: compileTemplate(route.path) });
      }
    }
    this.routes.sort((a, b) => b.compiled.specificity - a.compiled.specificity);
  }

  allProviders(): ArmProvider[] {
    return [...this.providers.values()];
  }

  provider(namespace: string): ArmProvider | undefined {
    return this.providers.get(namespace.toLowerCase());
  }

  /** The matching route, or throws ARM's error for an unroutable request. */
  resolve(method: HttpMethod, path: string, segments: readonly string[], apiVersion: string): RouteMatch {
    let pathMatched = false;
    for (const registered of this.routes) {
      const params = matchTemplate(registered.compiled, segments);
      if (!params) continue;
      if (registered.route.method === method) return { registered, params };
      pathMatched = true;
    }
    if (pathMatched) {
      throw new ArmError(
        405,
        'HttpMethodNotAllowed',
        `The requested resource does not support http method '${method}'.`,
      );
    }
    throw this.unroutable(path, apiVersion);
  }

  private unroutable(path: string, apiVersion: string): ArmError {
    const parsed = parseResourceId(path);
    if (parsed.namespace) {
      const provider = this.provider(parsed.namespace);
      if (!provider) {
        return new ArmError(
          400,
          'InvalidResourceNamespace',
          `The resource namespace '${parsed.namespace}' is invalid.`,
        );
      }
      return new ArmError(
        404,
        'InvalidResourceType',
        `The resource type '${parsed.resourceType ?? ''}' could not be found in the namespace '${provider.namespace}' for api version '${apiVersion}'.`,
      );
    }
    return new ArmError(404, 'NotFound', `The requested resource '${path}' does not exist.`);
  }
}

export function resourceTypeSpec(provider: ArmProvider, resourceType: string): ResourceTypeSpec | undefined {
  return provider.resourceTypes.find((t) => t.resourceType.toLowerCase() === resourceType.toLowerCase());
}

/**
 * Throws unless `apiVersion` is published for the route's resource type: ARM's own endpoints answer
 * 400 InvalidApiVersionParameter, resource providers 400 NoRegisteredProviderFound.
 */
export function checkApiVersion(
  provider: ArmProvider,
  resourceType: string,
  apiVersion: string,
  location: string,
): void {
  const spec = resourceTypeSpec(provider, resourceType);
  const versions = spec?.apiVersions ?? [];
  if (versions.includes(apiVersion)) return;
  const newestFirst = [...versions].sort().reverse();
  if (provider.builtIn) {
    throw new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${newestFirst.join(',')}'.`,
    );
  }
  const locations = (spec?.locations ?? regionDisplayNames()).join(', ');
  throw new ArmError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${resourceType}'. The supported api-versions are '${newestFirst.join(', ')}'. The supported locations are '${locations}'.`,
  );
}
