/**
 * Api-versions Azure accepts for the Microsoft.Network types the emulator serves. Sources: the lists ARM
 * prints in NoRegisteredProviderFound for networkInterfaces/publicIPAddresses (2014-12-01-preview …
 * 2022-07-01) and privateEndpoints (2019-02-01 … 2023-04-01), plus the stable folders of
 * Azure/azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/(Network/)stable
 * published since (checked up to 2026-01-01). Private DNS is its own spec
 * (specification/privatedns/resource-manager/Microsoft.Network/…: stable 2018-09-01, 2020-01-01,
 * 2020-06-01, 2024-06-01 and preview 2026-06-01-preview).
 */

/** Stable folders published after the lists ARM printed (shared by every type below). */
const SINCE_2023 = [
  '2023-05-01',
  '2023-06-01',
  '2023-09-01',
  '2023-11-01',
  '2024-01-01',
  '2024-03-01',
  '2024-05-01',
  '2024-07-01',
  '2024-10-01',
  '2025-01-01',
  '2025-03-01',
  '2025-05-01',
  '2025-07-01',
  '2025-09-01',
  '2026-01-01',
] as const;

/** virtualNetworks, virtualNetworks/subnets, networkInterfaces. */
export const NETWORK_VERSIONS = [
  '2014-12-01-preview',
  '2015-05-01-preview',
  '2015-06-15',
  '2016-03-30',
  '2016-06-01',
  '2016-07-01',
  '2016-08-01',
  '2016-09-01',
  '2016-10-01',
  '2016-11-01',
  '2016-12-01',
  '2017-03-01',
  '2017-04-01',
  '2017-06-01',
  '2017-08-01',
  '2017-09-01',
  '2017-10-01',
  '2017-11-01',
  '2018-01-01',
  '2018-02-01',
  '2018-03-01',
  '2018-04-01',
  '2018-05-01',
  '2018-06-01',
  '2018-07-01',
  '2018-08-01',
  '2018-10-01',
  '2018-11-01',
  '2018-12-01',
  '2019-02-01',
  '2019-04-01',
  '2019-06-01',
  '2019-07-01',
  '2019-08-01',
  '2019-09-01',
  '2019-11-01',
  '2019-12-01',
  '2020-01-01',
  '2020-03-01',
  '2020-04-01',
  '2020-05-01',
  '2020-06-01',
  '2020-07-01',
  '2020-08-01',
  '2020-11-01',
  '2021-01-01',
  '2021-02-01',
  '2021-03-01',
  '2021-04-01',
  '2021-05-01',
  '2021-06-01',
  '2021-08-01',
  '2021-12-01',
  '2022-01-01',
  '2022-05-01',
  '2022-07-01',
  '2022-09-01',
  '2022-11-01',
  '2023-02-01',
  '2023-04-01',
  ...SINCE_2023,
] as const;

/** privateEndpoints (introduced with 2019-02-01). */
export const PRIVATE_ENDPOINT_VERSIONS = NETWORK_VERSIONS.filter((v) => v >= '2019-02-01');

/** privateEndpoints/privateDnsZoneGroups (introduced with 2020-03-01). */
export const PRIVATE_DNS_ZONE_GROUP_VERSIONS = NETWORK_VERSIONS.filter((v) => v >= '2020-03-01');

/** privateDnsZones and their record sets. */
export const PRIVATE_DNS_VERSIONS = [
  '2018-09-01',
  '2020-01-01',
  '2020-06-01',
  '2024-06-01',
  '2026-06-01-preview',
] as const;
