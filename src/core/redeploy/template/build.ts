import type { RelocationPlan, RoleAssignmentRecord } from '../../plan/model.js';
import { diagnosticSettings, roleAssignments, type ExistingAssignment } from './access.js';
import { cacheRules, credentialSets, replications, scopeMaps, tokens, webhooks } from './children.js';
import { REGISTRY_ID, type JsonObject, type JsonValue, type TemplateResource } from './expressions.js';
import { API_VERSIONS, REGISTRY_TYPE, webhookParameterNames } from './names.js';
import { privateEndpoints } from './network.js';
import { registryResource } from './registry.js';

export const TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const PARAMETERS_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';

export interface TemplateOptions {
  toolVersion: string;
  /** Role assignments the target already has (empty when it does not exist yet). */
  existingAssignments: readonly ExistingAssignment[];
  privateEndpointSubnetIds: readonly string[];
  privateDnsZoneId?: string;
}

export interface GeneratedTemplate {
  template: JsonObject;
  /** The parameters file: every parameter that is not a secret. */
  parametersFile: JsonObject;
  /** Values of the secure parameters (webhook callbacks), from the plan: sent at deploy time, never written. */
  secureParameters: Record<string, JsonValue>;
  resources: TemplateResource[];
  alreadyAssigned: RoleAssignmentRecord[];
}

/**
 * The ARM template that recreates the target: what the runbook gets by exporting the source's
 * template and editing its name and location, but complete and derived from the reviewed plan.
 * Pure: the same plan and options always give the same template.
 */
export function generateTemplate(plan: RelocationPlan, options: TemplateOptions): GeneratedTemplate {
  const access = roleAssignments(plan, options.existingAssignments);
  const resources: TemplateResource[] = [
    registryResource(plan.target.settings, plan.relocationId),
    ...replications(plan),
    ...scopeMaps(plan),
    ...tokens(plan),
    ...credentialSets(plan),
    ...cacheRules(plan),
    ...webhooks(plan),
    ...diagnosticSettings(plan),
    ...access.resources,
    ...privateEndpoints(plan.target.name, options.privateEndpointSubnetIds, options.privateDnsZoneId),
  ];
  const template: JsonObject = {
    $schema: TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    metadata: {
      generator: { name: 'acr-relocate', version: options.toolVersion },
      relocationId: plan.relocationId,
      planFingerprint: plan.fingerprint,
      source: plan.source.id,
    },
    parameters: { ...plainParameters(), ...secureParameterDefinitions(plan) },
    variables: {},
    resources,
    outputs: {
      registryId: { type: 'string', value: REGISTRY_ID },
      loginServer: {
        type: 'string',
        value: `[reference(resourceId('${REGISTRY_TYPE}', parameters('registryName')), '${API_VERSIONS.containerRegistry}').loginServer]`,
      },
    },
  };
  return {
    template,
    parametersFile: {
      $schema: PARAMETERS_SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: { registryName: { value: plan.target.name }, location: { value: plan.target.location } },
    },
    secureParameters: secureParameterValues(plan),
    resources,
    alreadyAssigned: access.alreadyAssigned,
  };
}

function plainParameters(): JsonObject {
  return {
    registryName: {
      type: 'string',
      minLength: 5,
      maxLength: 50,
      metadata: { description: 'Name of the target registry.' },
    },
    location: { type: 'string', metadata: { description: "The target registry's home region." } },
  };
}

const SECRET_NOTE =
  'A secret: acr-relocate supplies it from the plan at deploy time and never writes it to a file. To deploy by hand, pass it on the command line or as a Key Vault reference.';

function secureParameterDefinitions(plan: RelocationPlan): JsonObject {
  const out: JsonObject = {};
  for (const webhook of plan.children.webhooks) {
    const names = webhookParameterNames(webhook.name);
    out[names.serviceUri] = {
      type: 'securestring',
      metadata: { description: `Service URI of webhook ${webhook.name}. ${SECRET_NOTE}` },
    };
    out[names.customHeaders] = {
      type: 'secureObject',
      metadata: { description: `Custom headers of webhook ${webhook.name}. ${SECRET_NOTE}` },
    };
  }
  return out;
}

function secureParameterValues(plan: RelocationPlan): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const webhook of plan.children.webhooks) {
    const names = webhookParameterNames(webhook.name);
    const { serviceUri, customHeaders } = webhook.properties as { serviceUri?: unknown; customHeaders?: unknown };
    out[names.serviceUri] = typeof serviceUri === 'string' ? serviceUri : '';
    out[names.customHeaders] = customHeaders && typeof customHeaders === 'object' ? (customHeaders as JsonObject) : {};
  }
  return out;
}

/** The deployment's `parameters`: plain values from the parameters file plus the secure ones. */
export function deploymentParameters(generated: GeneratedTemplate): JsonObject {
  const plain = (generated.parametersFile.parameters ?? {}) as JsonObject;
  const secure = Object.fromEntries(Object.entries(generated.secureParameters).map(([k, v]) => [k, { value: v }]));
  return { ...plain, ...secure };
}
