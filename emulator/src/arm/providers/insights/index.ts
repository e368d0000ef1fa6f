/** Microsoft.Insights: diagnostic settings at any scope and platform metrics computed from real traffic. */
import type { ArmProvider } from '../../provider.js';
import { INSIGHTS_DIAGNOSTIC_SETTINGS_VERSIONS, INSIGHTS_METRICS_VERSIONS } from '../../catalog/apiVersions.js';
import { diagnosticSettingRoutes } from './diagnosticSettings.js';
import { metricRoutes, type MetricsDeps } from './metrics.js';

export function createInsightsProvider(deps: MetricsDeps): ArmProvider {
  return {
    namespace: 'Microsoft.Insights',
    resourceTypes: [
      {
        resourceType: 'diagnosticSettings',
        apiVersions: INSIGHTS_DIAGNOSTIC_SETTINGS_VERSIONS,
        locations: [],
        capabilities: 'SupportsExtension',
      },
      {
        resourceType: 'metrics',
        apiVersions: INSIGHTS_METRICS_VERSIONS,
        locations: [],
        capabilities: 'SupportsExtension',
      },
    ],
    routes: [...diagnosticSettingRoutes(), ...metricRoutes(deps)],
  };
}
