/**
 * What the inventory needs from a manifest's own bytes: an index's children (with the platform each
 * entry declares), a referrer's subject, and its artifact type. Media types the OCI client cannot
 * parse (e.g. the withdrawn OCI artifact manifest) are still recorded: their subject and
 * artifactType are read leniently rather than failing the whole inventory.
 */
import { RelocationError } from '../errors.js';
import { manifestKind, parseDescriptor, parseManifest, type Descriptor } from '../oci/manifest.js';

export interface ContentFacts {
  children?: Descriptor[];
  subject?: string;
  artifactType?: string;
}

/**
 * Config media types of ordinary images. parseManifest reports an image's config media type as its
 * artifactType (OCI 1.1 guidance for artifacts); for plain images that says nothing, so it is left
 * out and only real artifact types (Helm, signatures, SBOMs, …) are recorded.
 */
const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json',
]);

/** Tags of the OCI 1.1 referrers tag schema: the index under them lists referrers, not platforms. */
export const REFERRERS_TAG = /^sha256-[a-f0-9]{64}$/;

function lenient(bytes: Buffer): ContentFacts {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    return {};
  }
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const facts: ContentFacts = {};
  if (b.subject !== undefined) facts.subject = parseDescriptor(b.subject, 'subject').digest;
  if (typeof b.artifactType === 'string' && b.artifactType) facts.artifactType = b.artifactType;
  return facts;
}

/** Facts of one manifest; `label` (repo@digest) prefixes any parse error. */
export function contentFacts(bytes: Buffer, mediaType: string, label: string): ContentFacts {
  try {
    if (manifestKind(mediaType) === 'unknown') return lenient(bytes);
    const parsed = parseManifest(bytes, mediaType);
    const facts: ContentFacts = {};
    if (parsed.kind === 'index') facts.children = parsed.children;
    if (parsed.subject) facts.subject = parsed.subject.digest;
    if (parsed.artifactType && !IMAGE_CONFIG_TYPES.has(parsed.artifactType)) facts.artifactType = parsed.artifactType;
    return facts;
  } catch (error) {
    if (!(error instanceof RelocationError)) throw error;
    throw new RelocationError(error.code, `${label}: ${error.message}`, error.hint, { cause: error });
  }
}
