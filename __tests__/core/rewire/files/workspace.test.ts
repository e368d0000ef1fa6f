/**
 * The fixture folder of real-world manifests (fixtures/manifests) rewritten from myregistry.azurecr.io
 * to myregistryweu.azurecr.io must equal fixtures/expected byte for byte; everything outside the
 * replaced hosts stays identical, and the diff applies with `git apply`.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_FILE_BYTES, rewriteWorkspace } from '../../../../src/core/rewire/files/workspace.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const FROM = 'myregistry.azurecr.io';
const TO = 'myregistryweu.azurecr.io';

function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(root, full).split('\\').join('/'));
    }
  };
  walk(root);
  return out.sort();
}

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'rewire-files-'));
  cpSync(join(FIXTURES, 'manifests'), workspace, { recursive: true });
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

const rewrite = (options: { dryRun?: boolean; patterns?: string[] } = {}) =>
  rewriteWorkspace({
    workspace,
    patterns: options.patterns ?? [],
    patternsLabel: 'rewrite-paths',
    from: FROM,
    to: TO,
    dryRun: options.dryRun ?? false,
  });

describe('rewriting the fixture manifests', () => {
  it('writes exactly the golden files', async () => {
    const report = await rewrite();
    for (const path of filesUnder(join(FIXTURES, 'expected'))) {
      expect([path, readFileSync(join(workspace, path), 'utf8')]).toEqual([
        path,
        readFileSync(join(FIXTURES, 'expected', path), 'utf8'),
      ]);
    }
    expect(report.changes.map((c) => c.path)).toEqual([
      '.github/workflows/deploy.yml',
      'compose/docker-compose.yml',
      'docker/Dockerfile',
      'helm/app/values.yaml',
      'infra/main.bicep',
      'infra/main.tf',
      'k8s/deployment.yaml',
      'k8s/pod-crlf.yaml',
      'kustomize/overlays/prod/kustomization.yaml',
      'pipelines/azure-pipelines.yml',
    ]);
    expect(report.changes.reduce((sum, c) => sum + c.replaced, 0)).toBe(38);
  });

  it('changes nothing but the replaced hosts', async () => {
    const report = await rewrite();
    for (const path of filesUnder(join(FIXTURES, 'manifests'))) {
      const before = readFileSync(join(FIXTURES, 'manifests', path), 'utf8');
      const after = readFileSync(join(workspace, path), 'utf8');
      const change = report.changes.find((c) => c.path === path);
      // Putting the source host back where the target now stands gives the original, byte for byte.
      expect(after.split(TO).join(FROM).toLowerCase()).toBe(before.toLowerCase());
      expect(after.split(TO).length - 1).toBe(change?.replaced ?? 0);
      expect(after.length - before.length).toBe((change?.replaced ?? 0) * (TO.length - FROM.length));
    }
  });

  it('leaves look-alikes, comments, templated values, Helm templates and alias bombs alone and reports them', async () => {
    const report = await rewrite();
    const k8s = readFileSync(join(workspace, 'k8s/deployment.yaml'), 'utf8');
    expect(k8s).toContain('notmyregistry.azurecr.io/legacy');
    expect(k8s).toContain('myregistry.azurecr.io.evil.com/web/frontend');
    expect(k8s).toContain('myregistry.azurecr.io:443/metrics');
    expect(k8s).toContain('ghcr.io/myregistry.azurecr.io/not-a-host');
    expect(k8s).toContain('# Web tier: images come from myregistry.azurecr.io');
    expect(k8s).toContain('labels: &labels');
    expect(k8s).toContain('matchLabels: *labels');
    expect(readFileSync(join(workspace, 'k8s/pod-crlf.yaml'), 'utf8')).toContain(
      `image: ${TO}/app:1.0 # windows line endings\r\n`,
    );
    const findings = report.findings.map((f) => `${f.path}:${f.line} ${f.reason.split(';')[0]}`);
    expect(findings).toEqual([
      '.github/workflows/deploy.yml:31 templated value',
      '.github/workflows/deploy.yml:32 templated value',
      'compose/docker-compose.yml:12 templated value',
      'helm/app/templates/deployment.yaml:1 not valid YAML (Block collections are not allowed within flow collections)',
      'helm/app/values.yaml:17 templated value',
      'infra/main.bicep:7 templated value',
      'infra/main.tf:6 templated value',
      'k8s/bomb.yaml:1 refused: Excessive alias count indicates a resource exhaustion attack',
    ]);
    expect(readFileSync(join(workspace, 'k8s/bomb.yaml'), 'utf8')).toBe(
      readFileSync(join(FIXTURES, 'manifests/k8s/bomb.yaml'), 'utf8'),
    );
    expect(readFileSync(join(workspace, 'docs/README.md'), 'utf8')).toContain(FROM);
  });

  it('is idempotent: a second run finds nothing to change', async () => {
    await rewrite();
    const again = await rewrite();
    expect(again.changes).toEqual([]);
  });

  it('writes nothing in a dry run, but reports the same change', async () => {
    const report = await rewrite({ dryRun: true });
    expect(report.changes).toHaveLength(10);
    for (const path of filesUnder(join(FIXTURES, 'manifests'))) {
      expect(readFileSync(join(workspace, path), 'utf8')).toBe(readFileSync(join(FIXTURES, 'manifests', path), 'utf8'));
    }
  });

  it('summarises the change as a unified diff that git applies to the original files', async () => {
    const report = await rewrite({ dryRun: true });
    const patch = join(workspace, '..', `${relative(tmpdir(), workspace)}.patch`);
    writeFileSync(patch, report.changes.map((c) => c.diff).join(''));
    try {
      // GIT_CEILING_DIRECTORIES: even under a repository's folder, git applies to the workspace as plain files.
      const env = { ...process.env, GIT_CEILING_DIRECTORIES: dirname(workspace) };
      execFileSync('git', ['apply', patch], { cwd: workspace, stdio: 'pipe', env });
    } finally {
      rmSync(patch, { force: true });
    }
    for (const path of filesUnder(join(FIXTURES, 'expected'))) {
      expect([path, readFileSync(join(workspace, path), 'utf8')]).toEqual([
        path,
        readFileSync(join(FIXTURES, 'expected', path), 'utf8'),
      ]);
    }
  });

  it('takes only what rewrite-paths selects, with ! excludes', async () => {
    const report = await rewrite({ patterns: ['k8s/**/*.yaml', 'docs/*.md', '!k8s/pod-*.yaml'] });
    expect(report.changes.map((c) => c.path)).toEqual(['docs/README.md', 'k8s/deployment.yaml']);
  });

  it('refuses patterns that leave the workspace', async () => {
    await expect(rewrite({ patterns: ['../**/*.yaml'] })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(rewrite({ patterns: ['/etc/**'] })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe('files it does not read', () => {
  let outside: string;
  beforeEach(() => {
    outside = mkdtempSync(join(tmpdir(), 'rewire-outside-'));
  });
  afterEach(() => rmSync(outside, { recursive: true, force: true }));

  it('never follows a symbolic link, to a file or a folder outside the workspace', async () => {
    writeFileSync(join(outside, 'secret.yaml'), `image: ${FROM}/app:1\n`);
    mkdirSync(join(outside, 'charts'));
    writeFileSync(join(outside, 'charts', 'values.yaml'), `image: ${FROM}/app:1\n`);
    symlinkSync(join(outside, 'secret.yaml'), join(workspace, 'linked.yaml'));
    symlinkSync(join(outside, 'charts'), join(workspace, 'linked-charts'));
    const report = await rewrite();
    expect(readFileSync(join(outside, 'secret.yaml'), 'utf8')).toContain(FROM);
    expect(readFileSync(join(outside, 'charts', 'values.yaml'), 'utf8')).toContain(FROM);
    expect(report.skipped).toEqual(
      expect.arrayContaining([{ path: 'linked.yaml', reason: 'symbolic link: not followed' }]),
    );
    expect(report.changes.some((c) => c.path.startsWith('linked'))).toBe(false);
  });

  it('skips binary, huge and non-UTF-8 files with a note, and keeps a byte-order mark and the file mode', async () => {
    writeFileSync(
      join(workspace, 'binary.yaml'),
      Buffer.concat([Buffer.from(`image: ${FROM}/a:1\n`), Buffer.from([0, 1, 2])]),
    );
    writeFileSync(join(workspace, 'huge.yaml'), `image: ${FROM}/a:1\n${'#'.repeat(MAX_FILE_BYTES)}`);
    writeFileSync(join(workspace, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    writeFileSync(join(workspace, 'bom.yaml'), `\ufeffimage: ${FROM}/a:1\n`);
    chmodSync(join(workspace, 'bom.yaml'), 0o750);
    const report = await rewrite();
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { path: 'binary.yaml', reason: 'binary file: not read' },
        { path: 'huge.yaml', reason: `larger than ${MAX_FILE_BYTES} bytes: not read` },
        { path: 'latin1.yaml', reason: 'not UTF-8 text: not read' },
      ]),
    );
    expect(readFileSync(join(workspace, 'bom.yaml'), 'utf8')).toBe(`\ufeffimage: ${TO}/a:1\n`);
    expect(statSync(join(workspace, 'bom.yaml')).mode & 0o777).toBe(0o750);
    expect(report.changes.find((c) => c.path === 'bom.yaml')?.executable).toBe(true);
  });
});
