/**
 * The regions the emulator serves, shaped like GET /subscriptions/{id}/locations (api-version 2022-12-01
 * and later): zone-capable regions carry availabilityZoneMappings, the others do not (westus,
 * northcentralus, westcentralus and japanwest here), so relocation checks see both cases.
 */

export interface Region {
  name: string;
  displayName: string;
  geography: string;
  geographyGroup: string;
  physicalLocation: string;
  latitude: string;
  longitude: string;
  pairedRegion?: string;
  /** Number of availability zones (0 = none). */
  zones: number;
}

export const REGIONS: readonly Region[] = [
  {
    name: 'eastus',
    displayName: 'East US',
    geography: 'United States',
    geographyGroup: 'US',
    physicalLocation: 'Virginia',
    latitude: '37.3719',
    longitude: '-79.8164',
    pairedRegion: 'westus',
    zones: 3,
  },
  {
    name: 'eastus2',
    displayName: 'East US 2',
    geography: 'United States',
    geographyGroup: 'US',
    physicalLocation: 'Virginia',
    latitude: '36.6681',
    longitude: '-78.3889',
    pairedRegion: 'centralus',
    zones: 3,
  },
  {
    name: 'centralus',
    displayName: 'Central US',
    geography: 'United States',
    geographyGroup: 'US',
    physicalLocation: 'Iowa',
    latitude: '41.5908',
    longitude: '-93.6208',
    pairedRegion: 'eastus2',
    zones: 3,
  },
  {
    name: 'westus',
    displayName: 'West US',
    geography: 'United States',
    geographyGroup: 'US',
    physicalLocation: 'California',
    latitude: '37.783',
    longitude: '-122.417',
    pairedRegion: 'eastus',
    zones: 0,
  },
  {
    name: 'westus2',
    displayName: 'West US 2',
    geography: 'United States',
    geographyGroup: 'US',
    physicalLocation: 'Washington',
    latitude: '47.233',
    longitude: '-119.852',
    pairedRegion: 'westcentralus',
    zones: 3,
  },
  {
    name: 'westus3',
    displayName: 'West US 3',
    geography: 'United States',
    geographyGroup: 'US',
    physicalLocation: 'Phoenix',
    latitude: '33.448376',
    longitude: '-112.074036',
    pairedRegion: 'eastus',
    zones: 3,
  },
  {
    name: 'northcentralus',
    displayName: 'North Central US',
    geography: 'United States',
    geographyGroup: 'US',
    physicalLocation: 'Illinois',
    latitude: '41.8819',
    longitude: '-87.6278',
    pairedRegion: 'southcentralus',
    zones: 0,
  },
  {
    name: 'southcentralus',
    displayName: 'South Central US',
    geography: 'United States',
    geographyGroup: 'US',
    physicalLocation: 'Texas',
    latitude: '29.4167',
    longitude: '-98.5',
    pairedRegion: 'northcentralus',
    zones: 3,
  },
  {
    name: 'westcentralus',
    displayName: 'West Central US',
    geography: 'United States',
    geographyGroup: 'US',
    physicalLocation: 'Wyoming',
    latitude: '40.89',
    longitude: '-110.234',
    pairedRegion: 'westus2',
    zones: 0,
  },
  {
    name: 'northeurope',
    displayName: 'North Europe',
    geography: 'Europe',
    geographyGroup: 'Europe',
    physicalLocation: 'Ireland',
    latitude: '53.3478',
    longitude: '-6.2597',
    pairedRegion: 'westeurope',
    zones: 3,
  },
  {
    name: 'westeurope',
    displayName: 'West Europe',
    geography: 'Europe',
    geographyGroup: 'Europe',
    physicalLocation: 'Netherlands',
    latitude: '52.3667',
    longitude: '4.9',
    pairedRegion: 'northeurope',
    zones: 3,
  },
  {
    name: 'swedencentral',
    displayName: 'Sweden Central',
    geography: 'Sweden',
    geographyGroup: 'Europe',
    physicalLocation: 'Gävle',
    latitude: '60.67488',
    longitude: '17.14127',
    pairedRegion: 'swedensouth',
    zones: 3,
  },
  {
    name: 'uksouth',
    displayName: 'UK South',
    geography: 'United Kingdom',
    geographyGroup: 'Europe',
    physicalLocation: 'London',
    latitude: '50.941',
    longitude: '-0.799',
    pairedRegion: 'ukwest',
    zones: 3,
  },
  {
    name: 'japaneast',
    displayName: 'Japan East',
    geography: 'Japan',
    geographyGroup: 'Asia Pacific',
    physicalLocation: 'Tokyo, Saitama',
    latitude: '35.68',
    longitude: '139.77',
    pairedRegion: 'japanwest',
    zones: 3,
  },
  {
    name: 'japanwest',
    displayName: 'Japan West',
    geography: 'Japan',
    geographyGroup: 'Asia Pacific',
    physicalLocation: 'Osaka',
    latitude: '34.6939',
    longitude: '135.5022',
    pairedRegion: 'japaneast',
    zones: 0,
  },
  {
    name: 'southeastasia',
    displayName: 'Southeast Asia',
    geography: 'Asia Pacific',
    geographyGroup: 'Asia Pacific',
    physicalLocation: 'Singapore',
    latitude: '1.283',
    longitude: '103.833',
    pairedRegion: 'eastasia',
    zones: 3,
  },
  {
    name: 'eastasia',
    displayName: 'East Asia',
    geography: 'Asia Pacific',
    geographyGroup: 'Asia Pacific',
    physicalLocation: 'Hong Kong',
    latitude: '22.267',
    longitude: '114.188',
    pairedRegion: 'southeastasia',
    zones: 3,
  },
  {
    name: 'australiaeast',
    displayName: 'Australia East',
    geography: 'Australia',
    geographyGroup: 'Asia Pacific',
    physicalLocation: 'New South Wales',
    latitude: '-33.86',
    longitude: '151.2094',
    pairedRegion: 'australiasoutheast',
    zones: 3,
  },
];

export function findRegion(nameOrDisplayName: string): Region | undefined {
  const key = nameOrDisplayName.replace(/\s+/g, '').toLowerCase();
  return REGIONS.find((r) => r.name === key);
}

export function regionDisplayNames(): string[] {
  return REGIONS.map((r) => r.displayName);
}

/** One entry of GET /subscriptions/{id}/locations. */
export function locationResource(subscriptionId: string, region: Region): Record<string, unknown> {
  const id = `/subscriptions/${subscriptionId}/locations/${region.name}`;
  return {
    id,
    name: region.name,
    type: 'Region',
    displayName: region.displayName,
    regionalDisplayName: `(${region.geographyGroup}) ${region.displayName}`,
    metadata: {
      regionType: 'Physical',
      regionCategory: region.zones > 0 ? 'Recommended' : 'Other',
      geography: region.geography,
      geographyGroup: region.geographyGroup,
      longitude: region.longitude,
      latitude: region.latitude,
      physicalLocation: region.physicalLocation,
      ...(region.pairedRegion
        ? {
            pairedRegion: [
              { name: region.pairedRegion, id: `/subscriptions/${subscriptionId}/locations/${region.pairedRegion}` },
            ],
          }
        : {}),
    },
    ...(region.zones > 0
      ? {
          availabilityZoneMappings: Array.from({ length: region.zones }, (_, i) => ({
            logicalZone: String(i + 1),
            physicalZone: `${region.name}-az${i + 1}`,
          })),
        }
      : {}),
  };
}
