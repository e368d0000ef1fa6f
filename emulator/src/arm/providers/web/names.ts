/** The Microsoft.Web resource types this provider serves. */
import type { TrackedType } from '../tracked/resource.js';

export const SITES: TrackedType = { namespace: 'Microsoft.Web', type: 'sites', param: 'name' };
export const SITE_TYPE = 'Microsoft.Web/sites';
