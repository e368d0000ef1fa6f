/**
 * Built-in role definitions the relocation touches, with Azure's real ids and permissions (from the
 * Azure built-in roles reference: Containers and General categories, and the role JSON ARM returns).
 */
import type { RolePermissions } from '../../rbac.js';

export interface BuiltInRole {
  id: string;
  roleName: string;
  description: string;
  permissions: RolePermissions;
  createdOn: string;
  updatedOn: string;
}

const none: string[] = [];

function role(
  id: string,
  roleName: string,
  description: string,
  actions: string[],
  extra: Partial<RolePermissions> = {},
  dates = ['2018-10-22T19:01:56.822Z', '2021-11-11T20:13:08.877Z'],
): BuiltInRole {
  return {
    id,
    roleName,
    description,
    permissions: {
      actions,
      notActions: extra.notActions ?? none,
      dataActions: extra.dataActions ?? none,
      notDataActions: extra.notDataActions ?? none,
    },
    createdOn: dates[0] ?? '',
    updatedOn: dates[1] ?? '',
  };
}

const ACR = 'Microsoft.ContainerRegistry/registries';
const REPO = `${ACR}/repositories`;

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  role(
    '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    'Owner',
    'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    ['*'],
    {},
    ['2015-02-02T21:55:09.880Z', '2021-11-11T20:13:45.865Z'],
  ),
  role(
    'b24988ac-6180-42a0-ab88-20f7382dd24c',
    'Contributor',
    'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    ['*'],
    {
      notActions: [
        'Microsoft.Authorization/*/Delete',
        'Microsoft.Authorization/*/Write',
        'Microsoft.Authorization/elevateAccess/Action',
        'Microsoft.Blueprint/blueprintAssignments/write',
        'Microsoft.Blueprint/blueprintAssignments/delete',
        'Microsoft.Compute/galleries/share/action',
        'Microsoft.Purview/consents/write',
        'Microsoft.Purview/consents/delete',
        'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
      ],
    },
    ['2015-02-02T21:55:09.880Z', '2024-05-20T15:50:46.513Z'],
  ),
  role(
    'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    'Reader',
    'View all resources, but does not allow you to make any changes.',
    ['*/read'],
    {},
    ['2015-02-02T21:55:09.880Z', '2021-11-11T20:13:47.862Z'],
  ),
  role(
    '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    'User Access Administrator',
    'Lets you manage user access to Azure resources.',
    ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'],
    {},
    ['2015-02-02T21:55:09.880Z', '2021-11-11T20:13:48.862Z'],
  ),
  role('7f951dda-4ed3-4680-a7ca-43fe172d538d', 'AcrPull', 'acr pull', [`${ACR}/pull/read`]),
  role('8311e382-0749-4cb8-b61a-304f252e45ec', 'AcrPush', 'acr push', [`${ACR}/pull/read`, `${ACR}/push/write`], {}, [
    '2018-10-29T17:52:32.596Z',
    '2021-11-11T20:13:07.715Z',
  ]),
  role('c2f4ef07-c644-48eb-af81-4b1b4947fb11', 'AcrDelete', 'acr delete', [`${ACR}/artifacts/delete`], {}, [
    '2019-03-11T20:19:31.668Z',
    '2021-11-11T20:13:09.963Z',
  ]),
  role(
    '6cef56e8-d556-48e5-a04f-b8e64114680f',
    'AcrImageSigner',
    'acr image signer',
    [`${ACR}/sign/write`],
    { dataActions: [`${ACR}/trustedCollections/write`] },
    ['2018-03-15T23:23:08.403Z', '2021-11-11T20:13:08.057Z'],
  ),
  role(
    'cdda3590-29a3-44f6-95f2-9f980659eb04',
    'AcrQuarantineReader',
    'acr quarantine data reader',
    [`${ACR}/quarantine/read`],
    { dataActions: [`${ACR}/quarantinedArtifacts/read`] },
    ['2018-03-16T00:27:39.877Z', '2021-11-11T20:13:10.557Z'],
  ),
  role(
    'c8d4ff99-41c3-41a8-9f60-21dfdad59608',
    'AcrQuarantineWriter',
    'acr quarantine data writer',
    [`${ACR}/quarantine/read`, `${ACR}/quarantine/write`],
    { dataActions: [`${ACR}/quarantinedArtifacts/read`, `${ACR}/quarantinedArtifacts/write`] },
    ['2018-03-16T00:26:37.587Z', '2021-11-11T20:13:11.348Z'],
  ),
  role(
    '577a9874-89fd-4f24-9dbd-b5034d0ad23a',
    'Container Registry Data Importer and Data Reader',
    'Provides the ability to import images into a registry through the registry import operation. Provides the ability to list repositories, view images and tags, get manifests, and pull images. Does not provide permissions for importing images through configuring registry transfer pipelines such as import and export pipelines. Does not provide permissions for importing through configuring Artifact Cache or Sync rules.',
    [`${ACR}/importImage/action`, `${ACR}/pull/read`, `${ACR}/read`],
    {},
    ['2024-09-19T02:48:17.000Z', '2024-09-19T02:48:17.000Z'],
  ),
  role(
    'b93aa761-3e63-49ed-ac28-beffa264f7ac',
    'Container Registry Repository Reader',
    'Allows for read access to Azure Container Registry repositories, but excluding catalog listing.',
    [],
    { dataActions: [`${REPO}/metadata/read`, `${REPO}/content/read`] },
    ['2024-06-05T15:32:11.000Z', '2024-08-19T15:08:52.000Z'],
  ),
  role(
    '2a1e307c-b015-4ebd-883e-5b7698a07328',
    'Container Registry Repository Writer',
    'Allows for read and write access to Azure Container Registry repositories, but excluding catalog listing.',
    [],
    {
      dataActions: [`${REPO}/metadata/read`, `${REPO}/content/read`, `${REPO}/metadata/write`, `${REPO}/content/write`],
    },
    ['2024-06-07T15:51:33.000Z', '2024-08-19T15:08:52.000Z'],
  ),
  role(
    '2efddaa5-3f1f-4df3-97df-af3f13818f4c',
    'Container Registry Repository Contributor',
    'Allows for read, write, and delete access to Azure Container Registry repositories, but excluding catalog listing.',
    [],
    {
      dataActions: [
        `${REPO}/metadata/read`,
        `${REPO}/content/read`,
        `${REPO}/metadata/write`,
        `${REPO}/content/write`,
        `${REPO}/metadata/delete`,
        `${REPO}/content/delete`,
      ],
    },
    ['2024-06-07T15:51:33.625Z', '2025-10-07T15:22:18.213Z'],
  ),
  role(
    'bfdb9389-c9a5-478a-bb2f-ba9ca092c3c7',
    'Container Registry Repository Catalog Lister',
    'Allows for listing all repositories in an Azure Container Registry.',
    [],
    { dataActions: [`${ACR}/catalog/read`] },
    ['2024-06-07T15:51:33.000Z', '2024-08-19T15:08:52.000Z'],
  ),
];

export function findBuiltInRole(idOrName: string): BuiltInRole | undefined {
  const key = idOrName.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.id === key || r.roleName.toLowerCase() === key);
}

/** The trailing GUID of a role definition id in any of its forms (bare, /providers/…, /subscriptions/…). */
export function roleGuidOf(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').pop() ?? '').toLowerCase();
}
