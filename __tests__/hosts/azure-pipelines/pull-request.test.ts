/**
 * The Azure Repos pull request publisher against a local stand-in for the Azure DevOps REST API:
 * the push that creates the branch from the checked-out commit, the pull request, and re-runs that
 * extend the branch only with what changed and update the same pull request.
 */
import { AzurePipelinesHost, type TaskLib } from '../../../src/hosts/azure-pipelines/host.js';
import { AzureReposPullRequests } from '../../../src/hosts/azure-pipelines/pull-request.js';
import type { PullRequestRequest } from '../../../src/core/rewire/pull-request.js';
import {
  BASE_COMMIT,
  PROJECT,
  REPOSITORY_ID,
  startFakeAzureRepos,
  type FakeAzureRepos,
} from '../../core/rewire/support/fake-azure-repos.js';

const BRANCH = 'acr-relocate/rewire-0123456789abcdef';
const REF = `refs/heads/${BRANCH}`;

function request(
  files: Array<[string, string]> = [['deploy/app.yaml', 'image: new\n']],
  body = 'The description',
): PullRequestRequest {
  return {
    branch: BRANCH,
    title: 'Pull images from target',
    body,
    commitMessage: 'Pull images from target',
    files: files.map(([path, content]) => ({ path, content, executable: false })),
  };
}

let repos: FakeAzureRepos;
let env: Record<string, string>;
beforeEach(async () => {
  repos = await startFakeAzureRepos();
  env = {
    SYSTEM_COLLECTIONURI: repos.collectionUri,
    SYSTEM_TEAMPROJECT: PROJECT,
    BUILD_REPOSITORY_ID: REPOSITORY_ID,
    BUILD_REPOSITORY_PROVIDER: 'TfsGit',
    BUILD_SOURCEBRANCH: 'refs/heads/main',
    BUILD_SOURCEVERSION: BASE_COMMIT,
  };
});
afterEach(() => repos.close());

const publisher = (token: string | undefined = repos.token) => new AzureReposPullRequests(() => token, env);
const base = `/contoso/${PROJECT}/_apis/git/repositories/${REPOSITORY_ID}`;

it('pushes a new branch from the checked-out commit and opens the pull request', async () => {
  const result = await publisher().publish(request());
  expect(result).toEqual({
    url: `${repos.url}/contoso/Shop%20Project/_git/shop/pullrequest/41`,
    action: 'created',
    unchangedBranch: false,
  });
  expect(repos.lines()).toEqual([
    `GET ${base}`,
    `GET ${base}/refs`,
    `GET ${base}/items`,
    `POST ${base}/pushes`,
    `GET ${base}/pullrequests`,
    `POST ${base}/pullrequests`,
  ]);
  expect(repos.pushes[0]).toEqual({
    refUpdates: [{ name: REF, oldObjectId: BASE_COMMIT }],
    commits: [
      {
        comment: 'Pull images from target',
        changes: [
          {
            changeType: 'edit',
            item: { path: '/deploy/app.yaml' },
            newContent: { content: Buffer.from('image: new\n').toString('base64'), contentType: 'base64encoded' },
          },
        ],
      },
    ],
  });
  expect(repos.commits.get(repos.refs.get(REF) ?? '')?.get('deploy/app.yaml')).toBe('image: new\n');
  expect(repos.pullRequests).toEqual([
    {
      pullRequestId: 41,
      status: 'active',
      sourceRefName: REF,
      targetRefName: 'refs/heads/main',
      title: 'Pull images from target',
      description: 'The description',
    },
  ]);
  expect(repos.calls.every((c) => c.headers.authorization === `Bearer ${repos.token}`)).toBe(true);
});

it('a re-run with the same files pushes nothing and updates the same pull request', async () => {
  await publisher().publish(request());
  repos.calls.length = 0;
  const again = await publisher().publish(request(undefined, 'New description'));
  expect(again).toMatchObject({
    action: 'updated',
    unchangedBranch: true,
    url: expect.stringMatching(/\/pullrequest\/41$/),
  });
  expect(repos.lines()).not.toContain(`POST ${base}/pushes`);
  expect(repos.lines()).toContain(`PATCH ${base}/pullrequests/41`);
  expect(repos.pullRequests).toHaveLength(1);
  expect(repos.pullRequests[0]?.description).toBe('New description');
});

it('a re-run with changes extends the branch with only the files that differ (new ones added)', async () => {
  await publisher().publish(request());
  const head = repos.refs.get(REF);
  await publisher().publish(
    request([
      ['deploy/app.yaml', 'image: new\n'],
      ['deploy/extra.yaml', 'image: extra\n'],
    ]),
  );
  expect(repos.pushes[1]?.refUpdates).toEqual([{ name: REF, oldObjectId: head }]);
  expect(repos.pushes[1]?.commits[0]?.changes).toEqual([
    expect.objectContaining({ changeType: 'add', item: { path: '/deploy/extra.yaml' } }),
  ]);
  expect(repos.pullRequests).toHaveLength(1);
});

it('targets the pull request build target branch, and shortens a description to what Azure Repos accepts', async () => {
  env.SYSTEM_PULLREQUEST_TARGETBRANCH = 'refs/heads/release';
  await publisher().publish(request(undefined, `x\n${'y'.repeat(5_000)}`));
  expect(repos.pullRequests[0]?.targetRefName).toBe('refs/heads/release');
  expect(repos.pullRequests[0]?.description.length).toBeLessThanOrEqual(4_000);
});

it('explains a refused token, a missing one, and a repository that is not on Azure Repos', async () => {
  await expect(publisher('expired').publish(request())).rejects.toMatchObject({
    code: 'FORBIDDEN',
    hint: expect.stringContaining('Contribute to pull requests'),
  });
  await expect(publisher('').publish(request())).rejects.toMatchObject({ code: 'AUTH_CONFIG' });
  env.BUILD_REPOSITORY_PROVIDER = 'GitHub';
  await expect(publisher().publish(request())).rejects.toMatchObject({ code: 'REFUSED' });
  delete env.BUILD_REPOSITORY_PROVIDER;
  delete env.SYSTEM_COLLECTIONURI;
  await expect(publisher().publish(request())).rejects.toMatchObject({ code: 'INPUT_INVALID' });
});

it('is what the Azure Pipelines host offers core, with System.AccessToken (masked) as its token', async () => {
  const secrets: string[] = [];
  const tl = {
    getVariable: (name: string) => (name === 'System.AccessToken' ? repos.token : undefined),
    setSecret: (value: string) => void secrets.push(value),
  } as unknown as TaskLib;
  const host = new AzurePipelinesHost(tl, { command: 'rewire-consumers', env, writeLine: () => undefined });
  await expect(host.pullRequests.publish(request())).resolves.toMatchObject({ action: 'created' });
  expect(secrets).toContain(repos.token);
});
