/** Microsoft.Authorization: role definitions, role assignments and management locks at any scope. */
import type { ArmProvider } from '../../provider.js';
import { AUTHORIZATION_LOCK_VERSIONS, AUTHORIZATION_ROLE_VERSIONS } from '../../catalog/apiVersions.js';
import { roleDefinitionRoutes } from './roleDefinitions.js';
import { roleAssignmentRoutes } from './roleAssignments.js';
import { lockRoutes } from './locks.js';

export function createAuthorizationProvider(): ArmProvider {
  return {
    namespace: 'Microsoft.Authorization',
    resourceTypes: [
      {
        resourceType: 'roleAssignments',
        apiVersions: AUTHORIZATION_ROLE_VERSIONS,
        locations: [],
        capabilities: 'SupportsExtension',
      },
      {
        resourceType: 'roleDefinitions',
        apiVersions: AUTHORIZATION_ROLE_VERSIONS,
        locations: [],
        capabilities: 'SupportsExtension',
      },
      {
        resourceType: 'locks',
        apiVersions: AUTHORIZATION_LOCK_VERSIONS,
        locations: [],
        capabilities: 'SupportsExtension',
      },
    ],
    routes: [...roleDefinitionRoutes(), ...roleAssignmentRoutes(), ...lockRoutes()],
  };
}
