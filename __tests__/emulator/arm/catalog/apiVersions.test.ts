/** The api-version lists must contain what the installed SDKs send (read from node_modules, so an SDK upgrade that changes it fails here). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as catalog from '../../../../emulator/src/arm/catalog/apiVersions.js';

const require = createRequire(import.meta.url);

function packageFile(pkg: string, file: string): string {
  return readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file), 'utf8');
}

/** Every `defaultValue: "YYYY-MM-DD[-preview]"` / `apiVersion ?? "…"` literal in an SDK file. */
function versionsIn(text: string): string[] {
  return [
    ...new Set(
      [...text.matchAll(/(?:defaultValue: |apiVersion \?\? |apiVersion \|\| )"(\d{4}-\d\d-\d\d(?:-preview)?)"/g)].map(
        (m) => m[1] as string,
      ),
    ),
  ];
}

describe('api-version catalog', () => {
  it.each([
    [
      '@azure/arm-containerregistry',
      'dist/esm/api/containerRegistryManagementContext.js',
      catalog.CONTAINER_REGISTRY_VERSIONS,
    ],
    ['@azure/arm-resources', 'dist/esm/models/parameters.js', catalog.RESOURCES_VERSIONS],
    ['@azure/arm-locks', 'dist/index.js', catalog.AUTHORIZATION_LOCK_VERSIONS],
    ['@azure/arm-appcontainers', 'dist/esm/models/parameters.js', catalog.APP_VERSIONS],
    ['@azure/arm-containerinstance', 'dist/index.js', catalog.CONTAINER_INSTANCE_VERSIONS],
  ])('contains what %s sends', (pkg, file, list) => {
    const sent = versionsIn(packageFile(pkg, file));
    expect(sent.length).toBeGreaterThan(0);
    for (const version of sent) expect(list).toContain(version);
  });

  it('contains the role assignment and role definition version of @azure/arm-authorization', () => {
    const sent = versionsIn(packageFile('@azure/arm-authorization', 'dist/index.js'));
    expect(sent).toContain('2022-04-01');
    expect(catalog.AUTHORIZATION_ROLE_VERSIONS).toContain('2022-04-01');
  });

  it('contains the versions of @azure/arm-containerservice, @azure/arm-appservice and the diagnostic settings of @azure/arm-monitor', () => {
    const aks = versionsIn(packageFile('@azure/arm-containerservice', 'dist/esm/api/trustedAccessRoles/operations.js'));
    expect(aks).toEqual(['2026-04-01']);
    expect(catalog.CONTAINER_SERVICE_VERSIONS).toContain('2026-04-01');
    const web = versionsIn(packageFile('@azure/arm-appservice', 'dist/esm/api/certificates/operations.js'));
    expect(web).toEqual(['2025-05-01']);
    expect(catalog.WEB_VERSIONS).toContain('2025-05-01');
    expect(versionsIn(packageFile('@azure/arm-monitor', 'dist/index.js'))).toContain('2017-05-01-preview');
    expect(catalog.INSIGHTS_DIAGNOSTIC_SETTINGS_VERSIONS).toContain('2017-05-01-preview');
  });

  it('holds well-formed, distinct versions', () => {
    for (const list of Object.values(catalog)) {
      expect(new Set(list).size).toBe(list.length);
      for (const version of list) expect(version).toMatch(/^\d{4}-\d\d(-\d\d)?(-preview)?$/);
    }
  });
});
