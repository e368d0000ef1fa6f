/**
 * Api-versions Azure accepts, per namespace (and resource type where they differ). Sources: the version
 * folders of Azure/azure-rest-api-specs (stable and preview), the lists ARM itself prints in
 * InvalidApiVersionParameter / NoRegisteredProviderFound messages, and the versions the installed SDKs
 * send (checked by __tests__/emulator/arm/catalog/apiVersions.test.ts). The lists for ContainerRegistry,
 * Resources and Authorization were collected from those sources; the ones for ContainerService, Web, App,
 * ContainerInstance and Insights hold the versions known so far and must be completed by whoever adds
 * those providers. Extend a list when a newer SDK sends a newer version.
 */

/** Microsoft.ContainerRegistry registries and their child types (Registry/stable + Registry/preview folders). */
export const CONTAINER_REGISTRY_VERSIONS = [
  '2016-06-27-preview',
  '2017-03-01',
  '2017-06-01-preview',
  '2017-10-01',
  '2019-05-01',
  '2019-05-01-preview',
  '2019-12-01-preview',
  '2020-11-01-preview',
  '2021-06-01-preview',
  '2021-08-01-preview',
  '2021-09-01',
  '2021-12-01-preview',
  '2022-02-01-preview',
  '2022-12-01',
  '2023-01-01-preview',
  '2023-06-01-preview',
  '2023-07-01',
  '2023-08-01-preview',
  '2023-11-01-preview',
  '2024-11-01-preview',
  '2025-03-01-preview',
  '2025-04-01',
  '2025-05-01-preview',
  '2025-06-01-preview',
  '2025-11-01',
  '2026-09-01-preview',
] as const;

/**
 * Microsoft.Resources (subscriptions, resource groups, providers, generic resources, deployments):
 * ARM's own list as printed in InvalidApiVersionParameter, plus the stable folders published since.
 */
export const RESOURCES_VERSIONS = [
  '2013-03-01',
  '2014-01-01',
  '2014-02-26',
  '2014-04',
  '2014-04-01',
  '2014-04-01-preview',
  '2015-01-01',
  '2015-11-01',
  '2016-02-01',
  '2016-06-01',
  '2016-07-01',
  '2016-09-01',
  '2017-03-01',
  '2017-05-01',
  '2017-05-10',
  '2017-06-01',
  '2017-08-01',
  '2017-12-01',
  '2018-01-01',
  '2018-02-01',
  '2018-05-01',
  '2018-06-01',
  '2018-07-01',
  '2018-08-01',
  '2018-09-01',
  '2018-11-01',
  '2019-03-01',
  '2019-05-01',
  '2019-05-10',
  '2019-06-01',
  '2019-07-01',
  '2019-08-01',
  '2019-09-01',
  '2019-10-01',
  '2019-11-01',
  '2020-01-01',
  '2020-05-01',
  '2020-06-01',
  '2020-07-01',
  '2020-08-01',
  '2020-09-01',
  '2020-10-01',
  '2021-01-01',
  '2021-04-01',
  '2022-01-01',
  '2022-03-01-preview',
  '2022-05-01',
  '2022-06-01',
  '2022-09-01',
  '2022-11-01-preview',
  '2022-12-01',
  '2023-03-01-preview',
  '2023-07-01',
  '2023-07-01-preview',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-03-01',
  '2025-04-01',
] as const;

/** Microsoft.Authorization roleAssignments and roleDefinitions. */
export const AUTHORIZATION_ROLE_VERSIONS = [
  '2014-04-01-preview',
  '2014-07-01-preview',
  '2014-10-01-preview',
  '2015-05-01-preview',
  '2015-06-01',
  '2015-07-01',
  '2016-07-01',
  '2017-05-01',
  '2017-09-01',
  '2017-10-01-preview',
  '2018-01-01-preview',
  '2018-07-01',
  '2018-09-01-preview',
  '2018-12-01-preview',
  '2019-04-01-preview',
  '2020-03-01-preview',
  '2020-04-01-preview',
  '2020-08-01-preview',
  '2020-10-01-preview',
  '2021-04-01-preview',
  '2022-01-01-preview',
  '2022-04-01',
  '2022-05-01-preview',
] as const;

/** Microsoft.Authorization locks. */
export const AUTHORIZATION_LOCK_VERSIONS = [
  '2015-01-01',
  '2015-06-01',
  '2016-09-01',
  '2017-04-01',
  '2020-05-01',
] as const;

// Lists for the other namespaces the relocation touches (providers added by other modules).
export * from './otherApiVersions.js';
