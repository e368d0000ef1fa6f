/**
 * ImportImageParameters (2025-11-01) read and checked before the operation starts: source.sourceImage
 * is `repo`, `repo:tag` or `repo@sha256:…` (no registry host: that is resourceId or registryUri);
 * targetTags are `repo:tag` (`repo` alone means `repo:latest`); untaggedTargetRepositories receive
 * the image without a tag; mode NoForce (default) or Force. Repository names are lowercased.
 */
import { ArmError } from '../../../errors.js';

const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export interface ImportSourceSpec {
  resourceId?: string;
  registryUri?: string;
  credentials?: { username?: string; password: string };
  repository: string;
  /** Tag or digest. */
  reference: string;
}

export interface ImportTarget {
  repository: string;
  tag: string;
}

export interface ImportRequest {
  source: ImportSourceSpec;
  targets: ImportTarget[];
  untagged: string[];
  force: boolean;
}

export function invalidParameters(message: string): ArmError {
  return new ArmError(400, 'InvalidParameters', message);
}

export function parseImportRequest(body: unknown): ImportRequest {
  const input = object(body);
  const source = object(input.source);
  if (input.source === undefined) throw invalidParameters("The request is missing the required property 'source'.");
  const resourceId = optionalString(source.resourceId, 'source.resourceId');
  const registryUri = optionalString(source.registryUri, 'source.registryUri');
  if (!resourceId === !registryUri)
    throw invalidParameters('Exactly one of source.resourceId and source.registryUri must be given.');
  const image = optionalString(source.sourceImage, 'source.sourceImage');
  if (!image) throw invalidParameters("The request is missing the required property 'source.sourceImage'.");
  const targets = stringList(input.targetTags, 'targetTags').map(parseTarget);
  const untagged = stringList(input.untaggedTargetRepositories, 'untaggedTargetRepositories').map((repo) =>
    checkRepository(repo, 'untaggedTargetRepositories'),
  );
  if (targets.length === 0 && untagged.length === 0)
    throw invalidParameters('At least one of targetTags and untaggedTargetRepositories must be given.');
  if (input.mode !== undefined && input.mode !== 'NoForce' && input.mode !== 'Force')
    throw invalidParameters(`The import mode '${String(input.mode)}' is invalid. Valid values are NoForce and Force.`);
  const credentials = credentialsOf(source.credentials);
  return {
    source: {
      ...(resourceId ? { resourceId } : {}),
      ...(registryUri ? { registryUri } : {}),
      ...(credentials ? { credentials } : {}),
      ...parseSourceImage(image),
    },
    targets,
    untagged,
    force: input.mode === 'Force',
  };
}

/** `repo@sha256:…`, `repo:tag` or `repo` (→ latest). */
export function parseSourceImage(image: string): { repository: string; reference: string } {
  const at = image.indexOf('@');
  if (at >= 0) {
    const repository = checkRepository(image.slice(0, at), 'source.sourceImage');
    const digest = image.slice(at + 1);
    if (!DIGEST.test(digest)) throw invalidParameters(`The source image '${image}' has an invalid digest.`);
    return { repository, reference: digest };
  }
  const { repository, tag } = splitTag(image, 'source.sourceImage');
  return { repository, reference: tag };
}

/** How an image is named in messages: `repo:tag` or `repo@digest`. */
export function imageName(repository: string, reference: string): string {
  return `${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`;
}

function parseTarget(text: string): ImportTarget {
  return splitTag(text, 'targetTags');
}

function splitTag(text: string, where: string): { repository: string; tag: string } {
  const colon = text.lastIndexOf(':');
  const hasTag = colon > text.lastIndexOf('/');
  const repository = checkRepository(hasTag ? text.slice(0, colon) : text, where);
  const tag = hasTag ? text.slice(colon + 1) : 'latest';
  if (!TAG.test(tag)) throw invalidParameters(`The tag '${tag}' in ${where} is invalid.`);
  return { repository, tag };
}

/** Repository names are case-insensitive in ACR and stored in lowercase. */
function checkRepository(name: string, where: string): string {
  const lower = name.toLowerCase();
  if (!REPOSITORY.test(lower) || lower.length > 256)
    throw invalidParameters(`The repository name '${name}' in ${where} is invalid.`);
  return lower;
}

function credentialsOf(value: unknown): ImportSourceSpec['credentials'] {
  if (value === undefined || value === null) return undefined;
  const credentials = object(value);
  const password = optionalString(credentials.password, 'source.credentials.password');
  if (!password) throw invalidParameters("The request is missing the required property 'source.credentials.password'.");
  const username = optionalString(credentials.username, 'source.credentials.username');
  return { ...(username ? { username } : {}), password };
}

function object(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidParameters(`The property '${where}' must be a string.`);
  return value;
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw invalidParameters(`The property '${where}' must be a list of strings.`);
  return value as string[];
}
