/**
 * Just enough of the Azure DevOps git REST API (repository, refs, items, pushes, pull requests) for
 * the Azure Repos publisher, with state, so a re-run meets the branch and pull request of the first.
 */
import { startRecordingServer, type RecordedCall, type RecordingServer, type Reply } from './recording-server.js';

export const ORG = 'contoso';
export const PROJECT = 'Shop Project';
export const REPOSITORY_ID = '6f1a2b3c-0000-4000-8000-000000000001';
export const BASE_COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

export interface FakeAzureRepos extends RecordingServer {
  collectionUri: string;
  /** commit id → path → content */
  commits: Map<string, Map<string, string>>;
  refs: Map<string, string>;
  pushes: Array<{
    refUpdates: Array<{ name: string; oldObjectId: string }>;
    commits: Array<{ comment: string; changes: unknown[] }>;
  }>;
  pullRequests: Array<{
    pullRequestId: number;
    sourceRefName: string;
    targetRefName: string;
    title: string;
    description: string;
    status: string;
  }>;
  token: string;
}

interface Change {
  changeType: string;
  item: { path: string };
  newContent: { content: string; contentType: string };
}

export async function startFakeAzureRepos(): Promise<FakeAzureRepos> {
  const state = {
    commits: new Map([[BASE_COMMIT, new Map([['deploy/app.yaml', 'image: old\n']])]]),
    refs: new Map([['refs/heads/main', BASE_COMMIT]]),
    pushes: [] as FakeAzureRepos['pushes'],
    pullRequests: [] as FakeAzureRepos['pullRequests'],
    token: 'system-access-token',
  };
  const base = `/${ORG}/${PROJECT}/_apis/git/repositories/${REPOSITORY_ID}`;
  let webUrl = '';
  const contentAt = (call: RecordedCall): Map<string, string> | undefined => {
    const version = call.query.get('versionDescriptor.version') ?? '';
    const type = call.query.get('versionDescriptor.versionType');
    return state.commits.get(type === 'branch' ? (state.refs.get(`refs/heads/${version}`) ?? '') : version);
  };
  const push = (call: RecordedCall): Reply => {
    const [update] = call.body.refUpdates;
    const current = state.refs.get(update.name);
    if (current ? current !== update.oldObjectId : !state.commits.has(update.oldObjectId)) {
      return {
        status: 409,
        body: { message: `TF401028: The reference '${update.name}' has already been updated by another client.` },
      };
    }
    const files = new Map(state.commits.get(update.oldObjectId));
    for (const change of call.body.commits[0].changes as Change[]) {
      const path = change.item.path.slice(1);
      if ((change.changeType === 'edit') !== files.has(path))
        return { status: 400, body: { message: `GitItemNotFoundException or exists: ${path}` } };
      files.set(path, Buffer.from(change.newContent.content, 'base64').toString('utf8'));
    }
    const id = `commit${state.commits.size}`.padEnd(40, '0');
    state.commits.set(id, files);
    state.refs.set(update.name, id);
    state.pushes.push(call.body);
    return { status: 201, body: { pushId: state.pushes.length } };
  };
  const pulls = (call: RecordedCall, rest: string): Reply => {
    if (call.method === 'GET') {
      const source = call.query.get('searchCriteria.sourceRefName');
      const found = state.pullRequests.filter(
        (p) => p.sourceRefName === source && p.status === call.query.get('searchCriteria.status'),
      );
      return { status: 200, body: { value: found, count: found.length } };
    }
    if (call.method === 'POST') {
      const pull = { pullRequestId: 40 + state.pullRequests.length + 1, status: 'active', ...call.body };
      state.pullRequests.push(pull);
      return { status: 201, body: pull };
    }
    const pull = state.pullRequests.find((p) => `/${p.pullRequestId}` === rest);
    if (!pull) return { status: 404, body: { message: 'TF401180: The requested pull request was not found.' } };
    Object.assign(pull, call.body);
    return { status: 200, body: pull };
  };
  const server = await startRecordingServer((call) => {
    if (call.headers.authorization !== `Bearer ${state.token}`)
      return { status: 401, body: { message: 'Unauthorized' } };
    if (call.query.get('api-version') !== '7.1') return { status: 400, body: { message: 'api-version' } };
    const rest = call.path.slice(base.length);
    if (!call.path.startsWith(base)) return { status: 404, body: { message: 'TF200016: project not found' } };
    if (rest === '')
      return { status: 200, body: { id: REPOSITORY_ID, name: 'shop', webUrl, defaultBranch: 'refs/heads/main' } };
    if (rest === '/refs') {
      const filter = `refs/${call.query.get('filter') ?? ''}`;
      const value = [...state.refs]
        .filter(([name]) => name.startsWith(filter))
        .map(([name, objectId]) => ({ name, objectId }));
      return { status: 200, body: { value, count: value.length } };
    }
    if (rest === '/items') {
      const content = contentAt(call)?.get((call.query.get('path') ?? '').slice(1));
      return content === undefined
        ? { status: 404, body: { message: 'TF401174: The item could not be found.' } }
        : { status: 200, body: { path: call.query.get('path'), content } };
    }
    if (rest === '/pushes' && call.method === 'POST') return push(call);
    if (rest.startsWith('/pullrequests')) return pulls(call, rest.slice('/pullrequests'.length));
    return { status: 404, body: { message: 'not here' } };
  });
  webUrl = `${server.url}/${ORG}/${encodeURIComponent(PROJECT)}/_git/shop`;
  return Object.assign(server, state, { collectionUri: `${server.url}/${ORG}/` });
}
