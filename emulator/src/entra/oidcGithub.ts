/**
 * A fake GitHub Actions OIDC provider. @actions/core's getIDToken() does
 * `GET ${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=<aud>` with `Authorization: Bearer ${ACTIONS_ID_TOKEN_REQUEST_TOKEN}`
 * and reads `{ "value": "<jwt>" }`; the JWT's subject follows GitHub's format
 * (repo:OWNER/REPO:environment:NAME, else repo:OWNER/REPO:ref:REF).
 */
import { randomId } from '../shared/ids.js';
import type { SigningKey } from './keys.js';
import { bearerToken, mintIdToken, openIdDocument, type IssuerResponse, type TrustedIssuer } from './oidcCommon.js';

export interface GithubJob {
  /** Value of ACTIONS_ID_TOKEN_REQUEST_TOKEN for this job. */
  requestToken: string;
  /** OWNER/REPO */
  repository: string;
  ref: string;
  environment?: string;
  sha?: string;
  workflow?: string;
  runId?: string;
}

export const GITHUB_PREFIX = '/github';

export class GithubActionsIssuer implements TrustedIssuer {
  private readonly jobs = new Map<string, GithubJob>();

  constructor(
    private readonly key: SigningKey,
    private readonly baseUrl: () => string,
    private readonly lifetimeSeconds: () => number,
  ) {}

  get issuer(): string {
    return `${this.baseUrl()}${GITHUB_PREFIX}`;
  }

  publicKeys() {
    return [this.key.publicKey];
  }

  /** Value of ACTIONS_ID_TOKEN_REQUEST_URL (it already has a query, as GitHub's does). */
  get requestUrl(): string {
    return `${this.issuer}/_apis/distributedtask/hubs/Actions/plans/${randomPlanId}/jobs/${randomPlanId}/idtoken?api-version=2.0`;
  }

  addJob(job: Omit<GithubJob, 'requestToken'> & { requestToken?: string }): GithubJob {
    const full = { ...job, requestToken: job.requestToken ?? randomId() };
    this.jobs.set(full.requestToken, full);
    return full;
  }

  subjectOf(job: Pick<GithubJob, 'repository' | 'ref' | 'environment'>): string {
    return job.environment
      ? `repo:${job.repository}:environment:${job.environment}`
      : `repo:${job.repository}:ref:${job.ref}`;
  }

  /** An id token for `job`, as the real endpoint would return it (expiresInSeconds may be negative). */
  mint(job: GithubJob, audience?: string, expiresInSeconds = this.lifetimeSeconds()): string {
    const owner = job.repository.split('/')[0] ?? job.repository;
    return mintIdToken(
      this.key,
      {
        iss: this.issuer,
        sub: this.subjectOf(job),
        aud: audience ?? `https://github.com/${owner}`,
        ref: job.ref,
        sha: job.sha ?? '0000000000000000000000000000000000000000',
        repository: job.repository,
        repository_owner: owner,
        run_id: job.runId ?? '1',
        workflow: job.workflow ?? 'relocate',
        event_name: 'workflow_dispatch',
        ref_type: job.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
        ...(job.environment ? { environment: job.environment } : {}),
      },
      expiresInSeconds,
    );
  }

  handle(method: string, path: string, url: URL, authorization: string | undefined): IssuerResponse {
    if (method === 'GET' && path === `${GITHUB_PREFIX}/.well-known/openid-configuration`) {
      return { status: 200, body: openIdDocument(this.issuer, `${this.issuer}/.well-known/jwks`) };
    }
    if (method === 'GET' && path === `${GITHUB_PREFIX}/.well-known/jwks`) {
      return { status: 200, body: { keys: [this.key.jwk] } };
    }
    if (method === 'GET' && path.endsWith('/idtoken')) {
      const job = this.jobs.get(bearerToken(authorization) ?? '');
      if (!job) return { status: 401, body: { message: 'Bad credentials' } };
      const audience = url.searchParams.get('audience') ?? undefined;
      return { status: 200, body: { count: 1, value: this.mint(job, audience) } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }
}

/** GitHub's URLs carry a plan and job id; any fixed id serves (the request token picks the job). */
const randomPlanId = '00000000-0000-0000-0000-000000000000';
