/**
 * Just enough of GitHub's REST API (repos, git data, pulls) for the pull request publisher, with
 * state: blobs, trees, commits, refs and pull requests, so a re-run meets what the first run made.
 */
import { createHash } from 'node:crypto';
import { startRecordingServer, type RecordedCall, type RecordingServer, type Reply } from './recording-server.js';

export const OWNER = 'contoso';
export const REPO = 'shop';
export const BASE_COMMIT = 'c0ffee0000000000000000000000000000000000';

interface Commit {
  tree: string;
  parents: string[];
  message: string;
}

export interface FakeGitHub extends RecordingServer {
  refs: Map<string, string>;
  commits: Map<string, Commit>;
  /** tree sha → path → content */
  trees: Map<string, Map<string, string>>;
  pulls: Array<{ number: number; head: string; base: string; title: string; body: string; state: string }>;
  /** Answer this status to POST /pulls (a repository that forbids Actions to open pull requests). */
  refusePulls?: number;
}

const sha = (value: unknown) => createHash('sha1').update(JSON.stringify(value)).digest('hex');
const notFound: Reply = { status: 404, body: { message: 'Not Found' } };

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const blobs = new Map<string, string>();
  const state = {
    refs: new Map([['heads/main', BASE_COMMIT]]),
    commits: new Map<string, Commit>([[BASE_COMMIT, { tree: 't0', parents: [], message: 'initial' }]]),
    trees: new Map([
      [
        't0',
        new Map([
          ['deploy/app.yaml', 'image: old\n'],
          ['README.md', '# shop\n'],
        ]),
      ],
    ]),
    pulls: [] as FakeGitHub['pulls'],
  };
  const prefix = `/repos/${OWNER}/${REPO}`;
  const gitData = (call: RecordedCall, rest: string): Reply => {
    const [kind, ...tail] = rest.split('/');
    const id = tail.join('/');
    if (call.method === 'GET' && kind === 'ref')
      return state.refs.has(id)
        ? { status: 200, body: { ref: `refs/${id}`, object: { sha: state.refs.get(id) } } }
        : notFound;
    if (call.method === 'GET' && kind === 'commits') {
      const commit = state.commits.get(id);
      return commit
        ? {
            status: 200,
            body: { sha: id, tree: { sha: commit.tree }, parents: commit.parents.map((p) => ({ sha: p })) },
          }
        : notFound;
    }
    if (call.method === 'POST' && kind === 'blobs') {
      const content = Buffer.from(call.body.content, call.body.encoding).toString('utf8');
      const id = sha(['blob', content]);
      blobs.set(id, content);
      return { status: 201, body: { sha: id } };
    }
    if (call.method === 'POST' && kind === 'trees') {
      const files = new Map(state.trees.get(call.body.base_tree) ?? []);
      for (const entry of call.body.tree) files.set(entry.path, blobs.get(entry.sha) ?? '');
      const id = sha([...files.entries()].sort());
      state.trees.set(id, files);
      return { status: 201, body: { sha: id } };
    }
    if (call.method === 'POST' && kind === 'commits') {
      const id = sha([call.body, state.commits.size]);
      state.commits.set(id, { tree: call.body.tree, parents: call.body.parents, message: call.body.message });
      return { status: 201, body: { sha: id } };
    }
    if (call.method === 'POST' && kind === 'refs') {
      state.refs.set(call.body.ref.replace(/^refs\//, ''), call.body.sha);
      return { status: 201, body: { ref: call.body.ref } };
    }
    if (call.method === 'PATCH' && kind === 'refs') {
      if (!state.refs.has(id)) return { status: 422, body: { message: 'Reference does not exist' } };
      state.refs.set(id, call.body.sha);
      return { status: 200, body: { ref: `refs/${id}` } };
    }
    return notFound;
  };
  const pulls = (call: RecordedCall, rest: string): Reply => {
    const url = (n: number) => `https://github.test/${OWNER}/${REPO}/pull/${n}`;
    if (call.method === 'GET' && rest === '') {
      const head = call.query.get('head') ?? '';
      const found = state.pulls.filter((p) => p.state === call.query.get('state') && `${OWNER}:${p.head}` === head);
      return { status: 200, body: found.map((p) => ({ number: p.number, html_url: url(p.number) })) };
    }
    if (call.method === 'POST' && rest === '') {
      if (fake.refusePulls)
        return {
          status: fake.refusePulls,
          body: { message: 'GitHub Actions is not permitted to create or approve pull requests.' },
        };
      const pull = {
        number: state.pulls.length + 1,
        head: call.body.head,
        base: call.body.base,
        title: call.body.title,
        body: call.body.body,
        state: 'open',
      };
      state.pulls.push(pull);
      return { status: 201, body: { number: pull.number, html_url: url(pull.number) } };
    }
    const pull = state.pulls.find((p) => String(p.number) === rest.slice(1));
    if (call.method === 'PATCH' && pull) {
      Object.assign(pull, { title: call.body.title, body: call.body.body });
      return { status: 200, body: { number: pull.number, html_url: url(pull.number) } };
    }
    return notFound;
  };
  const server = await startRecordingServer((call) => {
    if (call.headers.authorization !== 'token test-token') return { status: 401, body: { message: 'Bad credentials' } };
    if (call.path === prefix) return { status: 200, body: { default_branch: 'main' } };
    if (call.path.startsWith(`${prefix}/git/`)) return gitData(call, call.path.slice(`${prefix}/git/`.length));
    if (call.path.startsWith(`${prefix}/pulls`)) return pulls(call, call.path.slice(`${prefix}/pulls`.length));
    return notFound;
  });
  // The handler reads refusePulls from this object (called only after it exists), so tests can flip it.
  const fake: FakeGitHub = Object.assign(server, state);
  return fake;
}
