/**
 * The GitHub pull request publisher against a local stand-in for GitHub's REST API: the calls it
 * makes (git data API, then pulls), create on the first run, update on a re-run, and its errors.
 */
import { GitHubHost, type ActionsCore } from '../../../src/hosts/github/host.js';
import { GitHubPullRequests } from '../../../src/hosts/github/pull-request.js';
import type { PullRequestRequest } from '../../../src/core/rewire/pull-request.js';
import { BASE_COMMIT, OWNER, REPO, startFakeGitHub, type FakeGitHub } from '../../core/rewire/support/fake-github.js';

const BRANCH = 'acr-relocate/rewire-0123456789abcdef';

function request(content = 'image: new\n', extra: Partial<PullRequestRequest> = {}): PullRequestRequest {
  return {
    branch: BRANCH,
    title: 'Pull images from target',
    body: 'The body',
    commitMessage: 'Pull images from target\n\nacr-relocate',
    files: [{ path: 'deploy/app.yaml', content, executable: false }],
    ...extra,
  };
}

let github: FakeGitHub;
let env: Record<string, string>;
beforeEach(async () => {
  github = await startFakeGitHub();
  env = { GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: github.url, GITHUB_SHA: BASE_COMMIT };
});
afterEach(() => github.close());

const publisher = (token: string | undefined = 'test-token') => new GitHubPullRequests(() => token, env);
const prefix = `/repos/${OWNER}/${REPO}`;

it('commits on a new branch through the git data API and opens the pull request', async () => {
  const result = await publisher().publish(request());
  expect(result).toEqual({
    url: `https://github.test/${OWNER}/${REPO}/pull/1`,
    action: 'created',
    unchangedBranch: false,
  });
  expect(github.lines()).toEqual([
    `GET ${prefix}`,
    `GET ${prefix}/git/commits/${BASE_COMMIT}`,
    `POST ${prefix}/git/blobs`,
    `POST ${prefix}/git/trees`,
    `GET ${prefix}/git/ref/heads/${BRANCH}`,
    `POST ${prefix}/git/commits`,
    `POST ${prefix}/git/refs`,
    `GET ${prefix}/pulls`,
    `POST ${prefix}/pulls`,
  ]);
  const head = github.refs.get(`heads/${BRANCH}`) ?? '';
  const commit = github.commits.get(head);
  expect(commit?.parents).toEqual([BASE_COMMIT]);
  expect(Object.fromEntries(github.trees.get(commit?.tree ?? '') ?? [])).toEqual({
    'deploy/app.yaml': 'image: new\n',
    'README.md': '# shop\n',
  });
  expect(github.pulls).toEqual([
    { number: 1, head: BRANCH, base: 'main', title: 'Pull images from target', body: 'The body', state: 'open' },
  ]);
  expect(github.calls.find((c) => c.path.endsWith('/git/trees'))?.body).toMatchObject({
    base_tree: 't0',
    tree: [{ path: 'deploy/app.yaml', mode: '100644', type: 'blob' }],
  });
});

it('a re-run with the same files updates the same pull request and makes no commit', async () => {
  await publisher().publish(request());
  const headBefore = github.refs.get(`heads/${BRANCH}`);
  github.calls.length = 0;
  const again = await publisher().publish(request('image: new\n', { body: 'New body' }));
  expect(again).toEqual({
    url: `https://github.test/${OWNER}/${REPO}/pull/1`,
    action: 'updated',
    unchangedBranch: true,
  });
  expect(
    github.lines().filter((l) => l.startsWith('POST') && !l.endsWith('/git/blobs') && !l.endsWith('/git/trees')),
  ).toEqual([]);
  expect(github.lines()).toContain(`PATCH ${prefix}/pulls/1`);
  expect(github.refs.get(`heads/${BRANCH}`)).toBe(headBefore);
  expect(github.pulls).toHaveLength(1);
  expect(github.pulls[0]?.body).toBe('New body');
});

it('a re-run with other content moves the branch (forced) to a new commit on the checked-out one', async () => {
  await publisher().publish(request());
  github.calls.length = 0;
  const again = await publisher().publish(request('image: newer\n'));
  expect(again.action).toBe('updated');
  const move = github.calls.find((c) => c.method === 'PATCH' && c.path.includes('/git/refs/'));
  expect(move).toMatchObject({ path: `${prefix}/git/refs/heads/${BRANCH}`, body: { force: true } });
  const commit = github.commits.get(github.refs.get(`heads/${BRANCH}`) ?? '');
  expect(commit?.parents).toEqual([BASE_COMMIT]);
  expect(github.trees.get(commit?.tree ?? '')?.get('deploy/app.yaml')).toBe('image: newer\n');
  expect(github.pulls).toHaveLength(1);
});

it('targets the pushed branch, or the pull request base, when the run has one', async () => {
  env.GITHUB_REF = 'refs/heads/release/1.x';
  github.refs.set('heads/release/1.x', BASE_COMMIT);
  await publisher().publish(request());
  expect(github.pulls[0]?.base).toBe('release/1.x');
  expect(github.lines()).not.toContain(`GET ${prefix}`);
});

it('marks executable files so, and shortens a body GitHub would refuse', async () => {
  await publisher().publish(
    request('#!/bin/sh\n', {
      files: [{ path: 'run.sh', content: '#!/bin/sh\n', executable: true }],
      body: `x\n${'y'.repeat(70_000)}`,
    }),
  );
  expect(github.calls.find((c) => c.path.endsWith('/git/trees'))?.body.tree[0].mode).toBe('100755');
  expect(github.pulls[0]?.body.length).toBeLessThanOrEqual(65_000);
  expect(github.pulls[0]?.body).toContain('shortened');
});

it('says which permissions are missing when GitHub refuses', async () => {
  github.refusePulls = 403;
  await expect(publisher().publish(request())).rejects.toMatchObject({
    code: 'FORBIDDEN',
    hint: expect.stringContaining('pull-requests: write'),
  });
  await expect(publisher('wrong').publish(request())).rejects.toMatchObject({ code: 'FORBIDDEN' });
});

it('needs a token and a repository', async () => {
  await expect(publisher('').publish(request())).rejects.toMatchObject({ code: 'INPUT_MISSING' });
  delete env.GITHUB_REPOSITORY;
  await expect(publisher().publish(request())).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  expect(github.calls).toEqual([]);
});

it('is what the GitHub host offers core, with the github-token input as its token', async () => {
  const core = { getInput: (name: string) => (name === 'github-token' ? 'test-token' : '') } as unknown as ActionsCore;
  const host = new GitHubHost(core, env);
  expect(host.pullRequests.describe()).toBe(`GitHub ${OWNER}/${REPO}`);
  await expect(host.pullRequests.publish(request())).resolves.toMatchObject({ action: 'created' });
});
