/**
 * Path matching for the data plane. Paths are percent-decoded first (the Azure SDK sends
 * `/acr/v1/team%2Fapp/_tags`); repository names may contain '/', tags and digests never do.
 */

export type RouteName =
  | 'ping'
  | 'exchange'
  | 'token'
  | 'catalog'
  | 'tagList'
  | 'manifest'
  | 'uploadStart'
  | 'upload'
  | 'blob'
  | 'referrers'
  | 'acrCatalog'
  | 'acrRepository'
  | 'acrTags'
  | 'acrTag'
  | 'acrManifests'
  | 'acrManifest';

export interface RouteMatch {
  name: RouteName;
  repository?: string;
  /** Tag, digest or upload id, depending on the route. */
  reference?: string;
}

const PATTERNS: ReadonlyArray<[RouteName, RegExp]> = [
  ['ping', /^\/v2\/?$/],
  ['exchange', /^\/oauth2\/exchange\/?$/],
  ['token', /^\/oauth2\/token\/?$/],
  ['catalog', /^\/v2\/_catalog$/],
  ['tagList', /^\/v2\/(.+)\/tags\/list$/],
  ['manifest', /^\/v2\/(.+)\/manifests\/([^/]+)$/],
  ['uploadStart', /^\/v2\/(.+)\/blobs\/uploads\/?$/],
  ['upload', /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/],
  ['blob', /^\/v2\/(.+)\/blobs\/([^/]+)$/],
  ['referrers', /^\/v2\/(.+)\/referrers\/([^/]+)$/],
  ['acrCatalog', /^\/acr\/v1\/_catalog$/],
  ['acrTag', /^\/acr\/v1\/(.+)\/_tags\/([^/]+)$/],
  ['acrTags', /^\/acr\/v1\/(.+)\/_tags$/],
  ['acrManifest', /^\/acr\/v1\/(.+)\/_manifests\/([^/]+)$/],
  ['acrManifests', /^\/acr\/v1\/(.+)\/_manifests$/],
  ['acrRepository', /^\/acr\/v1\/(.+)$/],
];

/** The route for a decoded path, or undefined (404). */
export function matchRoute(decodedPath: string): RouteMatch | undefined {
  for (const [name, pattern] of PATTERNS) {
    const match = pattern.exec(decodedPath);
    if (!match) continue;
    const result: RouteMatch = { name };
    if (match[1] !== undefined) result.repository = match[1];
    if (match[2] !== undefined) result.reference = match[2];
    return result;
  }
  return undefined;
}

/** Repository name grammar of the distribution spec (lowercase path components). */
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export function isValidRepositoryName(name: string): boolean {
  return name.length <= 256 && REPOSITORY_NAME.test(name);
}

export function isValidTag(tag: string): boolean {
  return TAG_NAME.test(tag);
}
