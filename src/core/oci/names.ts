/**
 * Repository names, tags and digests, validated before they go anywhere near a URL.
 *
 * Names and tags come from inputs and, more often, from registries themselves (catalog pages, tag
 * lists, Link headers). They are data: anything outside the distribution grammar is refused with a
 * RelocationError instead of being escaped into some other meaning (a `..` segment, a `?`, a `#`).
 */
import { createHash } from 'node:crypto';
import { RelocationError } from '../errors.js';

/** One path component of a repository name (distribution reference grammar). */
const COMPONENT = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const REPOSITORY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Distribution refuses names longer than this (registry host included); we check the path part. */
const MAX_REPOSITORY_LENGTH = 255;

/** Show a rejected value without letting it flood or forge a log line. */
export function quoteForMessage(value: string, max = 80): string {
  const text = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(text);
}

export function isRepositoryName(value: string): boolean {
  return value.length <= MAX_REPOSITORY_LENGTH && REPOSITORY.test(value);
}

export function isTag(value: string): boolean {
  return TAG.test(value);
}

export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

export function assertRepositoryName(value: string): string {
  if (typeof value !== 'string' || !isRepositoryName(value)) {
    throw new RelocationError(
      'INPUT_INVALID',
      `Repository name ${quoteForMessage(String(value))} is not a valid OCI repository name.`,
      'Repository names are lowercase path components [a-z0-9] joined by ".", "_", "__" or "-", separated by "/", at most 255 characters.',
    );
  }
  return value;
}

export function assertTag(value: string): string {
  if (typeof value !== 'string' || !isTag(value)) {
    throw new RelocationError(
      'INPUT_INVALID',
      `Tag ${quoteForMessage(String(value))} is not a valid OCI tag.`,
      'Tags match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.',
    );
  }
  return value;
}

export function assertDigest(value: string): string {
  if (typeof value !== 'string' || !isDigest(value)) {
    throw new RelocationError(
      'INPUT_INVALID',
      `Digest ${quoteForMessage(String(value))} is not a sha256 digest.`,
      'Digests are "sha256:" followed by 64 lowercase hex characters.',
    );
  }
  return value;
}

/** A manifest reference: a tag or a digest. */
export function assertReference(value: string): string {
  if (typeof value === 'string' && (isDigest(value) || isTag(value))) return value;
  throw new RelocationError(
    'INPUT_INVALID',
    `Reference ${quoteForMessage(String(value))} is neither a tag nor a sha256 digest.`,
    'Use a tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or a digest (sha256:<64 hex>).',
  );
}

/** The digest of some bytes, in the form registries use. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The tag under which the OCI 1.1 tag schema stores the referrers of a digest (sha256-<hex>). */
export function referrersTagFor(digest: string): string {
  return assertDigest(digest).replace(':', '-');
}

/**
 * Build a registry path from validated parts. Every part already matches a grammar made of URL-safe
 * characters; the final comparison is a second line of defence should a grammar ever be loosened.
 */
export function registryPath(...parts: string[]): string {
  const path = `/${parts.join('/')}`;
  const encoded = path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3A/g, ':'))
    .join('/');
  if (encoded !== path || /(^|\/)\.{1,2}(\/|$)/.test(path)) {
    throw new RelocationError('INTERNAL', `Refusing to build the registry path ${quoteForMessage(path)}.`);
  }
  return path;
}

/** OCI token scope for a repository, e.g. repository:app/web:pull,push */
export function repositoryScope(repository: string, actions: readonly string[]): string {
  return `repository:${assertRepositoryName(repository)}:${actions.join(',')}`;
}

export const CATALOG_SCOPE = 'registry:catalog:*';
