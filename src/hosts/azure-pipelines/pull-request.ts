/**
 * Pull requests on Azure Repos through the Azure DevOps REST API (7.1) with the job's
 * System.AccessToken. A push (`POST …/pushes`) commits the files on the branch, created from the
 * checked-out commit (BUILD_SOURCEVERSION) on the first run and extended on a re-run, only with the
 * files whose content differs; then the pull request is opened or updated (`…/pullrequests`).
 *
 * Where: SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECTID (or SYSTEM_TEAMPROJECT), BUILD_REPOSITORY_ID.
 * The build service identity needs Contribute, Create branch and Contribute to pull requests on the
 * repository, and the job must expose System.AccessToken.
 */
import { RelocationError } from '../../core/errors.js';
import {
  shortenBody,
  type PullRequestFile,
  type PullRequestPublisher,
  type PullRequestRequest,
  type PullRequestResult,
} from '../../core/rewire/pull-request.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Azure Repos accepts 4,000 characters in a pull request description. */
const MAX_DESCRIPTION = 4_000;

interface Repository {
  id: string;
  name: string;
  webUrl: string;
  defaultBranch?: string;
}

const API_VERSION = '7.1';

/** The git REST API of one repository: JSON in and out, Azure DevOps errors as RelocationErrors. */
class AzureReposApi {
  private readonly base: string;

  constructor(
    private readonly options: {
      collection: string;
      project: string;
      repository: string;
      token: string;
      fetchFn: typeof fetch;
    },
  ) {
    const collection = options.collection.endsWith('/') ? options.collection : `${options.collection}/`;
    this.base = `${collection}${encodeURIComponent(options.project)}/_apis/git/repositories/${encodeURIComponent(options.repository)}`;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const url = `${this.base}${path}${path.includes('?') ? '&' : '?'}api-version=${API_VERSION}`;
    return this.options.fetchFn(url, {
      method,
      headers: {
        authorization: `Bearer ${this.options.token}`,
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  }

  async json<T = unknown>(method: string, path: string, what: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    if (!response.ok) throw await this.error(response, what);
    return (await response.json()) as T;
  }

  async jsonOrMissing<T>(method: string, path: string, what: string): Promise<T | undefined> {
    const response = await this.send(method, path);
    if (response.status === 404) return undefined;
    if (!response.ok) throw await this.error(response, what);
    return (await response.json()) as T;
  }

  private async error(response: Response, what: string): Promise<RelocationError> {
    const text = await response.text().catch(() => '');
    let message = text.slice(0, 500);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // Not JSON (a proxy's HTML page): the start of the text is the message.
    }
    if (response.status === 401 || response.status === 403) {
      return new RelocationError(
        'FORBIDDEN',
        `${what}: Azure DevOps refused (HTTP ${response.status}): ${message}`,
        "Give the project's build service identity Contribute, Create branch and Contribute to pull requests on the repository.",
      );
    }
    return new RelocationError(
      'REMOTE_ERROR',
      `${what} failed (HTTP ${response.status}): ${message}`,
      'Retry; if it persists, check the Azure DevOps status page.',
    );
  }
}

export class AzureReposPullRequests implements PullRequestPublisher {
  constructor(
    private readonly token: () => string | undefined,
    private readonly env: Env,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  describe(): string {
    return `Azure Repos ${this.env.SYSTEM_TEAMPROJECT ?? ''}/${this.env.BUILD_REPOSITORY_NAME ?? this.env.BUILD_REPOSITORY_ID ?? ''}`;
  }

  async publish(request: PullRequestRequest): Promise<PullRequestResult> {
    const api = this.connect();
    const repository = await api.json<Repository>('GET', '', 'Reading the repository');
    const branchRef = `refs/heads/${request.branch}`;
    const target = this.targetBranch(repository);
    const existing = await this.refObjectId(api, branchRef);
    const base = existing ?? this.env.BUILD_SOURCEVERSION ?? (await this.refObjectId(api, target));
    if (!base)
      throw new RelocationError(
        'NOT_FOUND',
        `Branch ${target} was not found in the repository.`,
        'Check the pipeline checks out a branch of this repository.',
      );
    const version = existing ? { version: request.branch, type: 'branch' } : { version: base, type: 'commit' };
    const changes = await this.changesAgainst(api, request.files, version);
    if (changes.length > 0) {
      await api.json('POST', '/pushes', `Pushing to ${request.branch}`, {
        refUpdates: [{ name: branchRef, oldObjectId: base }],
        commits: [{ comment: request.commitMessage, changes }],
      });
    }
    const description = shortenBody(request.body, MAX_DESCRIPTION);
    const query = `searchCriteria.sourceRefName=${encodeURIComponent(branchRef)}&searchCriteria.status=active`;
    const open = await api.json<{ value: Array<{ pullRequestId: number }> }>(
      'GET',
      `/pullrequests?${query}`,
      'Looking for the pull request',
    );
    const found = open.value[0];
    if (found) {
      await api.json('PATCH', `/pullrequests/${found.pullRequestId}`, `Updating pull request ${found.pullRequestId}`, {
        title: request.title,
        description,
      });
      return {
        url: `${repository.webUrl}/pullrequest/${found.pullRequestId}`,
        action: 'updated',
        unchangedBranch: changes.length === 0,
      };
    }
    const created = await api.json<{ pullRequestId: number }>('POST', '/pullrequests', 'Opening the pull request', {
      sourceRefName: branchRef,
      targetRefName: target,
      title: request.title,
      description,
    });
    return {
      url: `${repository.webUrl}/pullrequest/${created.pullRequestId}`,
      action: 'created',
      unchangedBranch: changes.length === 0,
    };
  }

  private connect(): AzureReposApi {
    const token = this.token();
    if (!token) {
      throw new RelocationError(
        'AUTH_CONFIG',
        'System.AccessToken is not available to the task.',
        'Map it for the step (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)) or allow scripts to access the OAuth token for the job.',
      );
    }
    const {
      SYSTEM_COLLECTIONURI: collection,
      BUILD_REPOSITORY_ID: repository,
      BUILD_REPOSITORY_PROVIDER: provider,
    } = this.env;
    const project = this.env.SYSTEM_TEAMPROJECTID || this.env.SYSTEM_TEAMPROJECT;
    if (provider && provider !== 'TfsGit') {
      throw new RelocationError(
        'REFUSED',
        `The pipeline's repository is hosted on ${provider}, not Azure Repos.`,
        'Open the pull request from that service (for example the GitHub Action), or run without openPullRequest.',
      );
    }
    if (!collection || !project || !repository) {
      throw new RelocationError(
        'INPUT_INVALID',
        'SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT or BUILD_REPOSITORY_ID is not set: not running in an Azure Pipelines job?',
        'Run the task in a pipeline job, or run without openPullRequest.',
      );
    }
    return new AzureReposApi({ collection, project, repository, token, fetchFn: this.fetchFn });
  }

  /** The pull request's target: the PR build's target, the built branch, or the repository's default. */
  private targetBranch(repository: Repository): string {
    const pullRequestTarget = this.env.SYSTEM_PULLREQUEST_TARGETBRANCH;
    if (pullRequestTarget)
      return pullRequestTarget.startsWith('refs/') ? pullRequestTarget : `refs/heads/${pullRequestTarget}`;
    const built = this.env.BUILD_SOURCEBRANCH ?? '';
    if (built.startsWith('refs/heads/')) return built;
    return repository.defaultBranch ?? 'refs/heads/main';
  }

  private async refObjectId(api: AzureReposApi, ref: string): Promise<string | undefined> {
    const filter = encodeURIComponent(ref.replace(/^refs\//, ''));
    const refs = await api.json<{ value: Array<{ name: string; objectId: string }> }>(
      'GET',
      `/refs?filter=${filter}`,
      `Reading ${ref}`,
    );
    return refs.value.find((r) => r.name === ref)?.objectId;
  }

  /** Push changes for the files that differ from `version` (added when missing there). */
  private async changesAgainst(
    api: AzureReposApi,
    files: readonly PullRequestFile[],
    version: { version: string; type: string },
  ) {
    const changes = [];
    for (const file of files) {
      const query = `path=${encodeURIComponent(`/${file.path}`)}&versionDescriptor.version=${encodeURIComponent(version.version)}&versionDescriptor.versionType=${version.type}&includeContent=true`;
      const current = await api.jsonOrMissing<{ content?: string }>('GET', `/items?${query}`, `Reading ${file.path}`);
      if (current?.content === file.content) continue;
      changes.push({
        changeType: current ? 'edit' : 'add',
        item: { path: `/${file.path}` },
        newContent: { content: Buffer.from(file.content, 'utf8').toString('base64'), contentType: 'base64encoded' },
      });
    }
    return changes;
  }
}
