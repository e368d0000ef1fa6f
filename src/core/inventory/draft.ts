/**
 * A manifest while its repository is being read: what the ACR listing said, then what its own bytes
 * (or its parent index's descriptor) add. Turned into the plan's ManifestRecord once complete.
 */
import type { ChangeableAttributes } from '../oci/acr-metadata.js';
import type { Descriptor } from '../oci/manifest.js';
import { manifestKind } from '../oci/manifest.js';
import type { ManifestRecord, Platform } from '../plan/model.js';
import type { ManifestItem } from './acr-items.js';
import { REFERRERS_TAG } from './manifest-facts.js';

export interface Draft {
  digest: string;
  /** As ACR lists it; the fetched Content-Type when the listing has none. */
  mediaType?: string;
  imageSize?: number;
  tags: string[];
  listingPlatform?: Platform;
  configMediaType?: string;
  changeableAttributes: ChangeableAttributes;
  /** Set once the manifest's bytes were read. */
  fetched?: { size: number; mediaType: string; children?: Descriptor[]; subject?: string; artifactType?: string };
}

/** Keeps repeated media type strings (100,000 manifests, a handful of types) as one string each. */
const interned = new Map<string, string>();
export function intern(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const known = interned.get(value);
  if (known !== undefined) return known;
  if (interned.size < 1000) interned.set(value, value);
  return value;
}

const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** A draft from a listing entry (or a single-item read of a manifest the listing did not show). */
export function draftOf(item: ManifestItem): Draft {
  const draft: Draft = {
    digest: item.digest,
    tags: [...item.tags].sort(),
    changeableAttributes: item.changeableAttributes,
  };
  // Listing entries arrive as the registry sent them: take only well-typed values.
  if (text(item.mediaType)) draft.mediaType = intern(item.mediaType);
  const size = item.imageSize;
  if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) draft.imageSize = size;
  if (text(item.architecture) && text(item.os))
    draft.listingPlatform = { os: item.os!, architecture: item.architecture! };
  if (text(item.configMediaType)) draft.configMediaType = intern(item.configMediaType);
  return draft;
}

export function mediaTypeOf(draft: Draft): string | undefined {
  return draft.mediaType ?? draft.fetched?.mediaType;
}

/** Indexes (and manifests whose type the listing did not say) must be read before anything else. */
export function mustReadFirst(draft: Draft): boolean {
  const type = mediaTypeOf(draft);
  return type === undefined || manifestKind(type) === 'index';
}

/** An index stored under a referrers tag-schema tag lists referrers, not platform images. */
export function isReferrersIndex(draft: Draft): boolean {
  return draft.tags.some((tag) => REFERRERS_TAG.test(tag));
}

function platformOf(descriptor: Descriptor | undefined): Platform | undefined {
  const p = descriptor?.platform;
  if (!p) return undefined;
  return p.variant
    ? { os: p.os, architecture: p.architecture, variant: p.variant }
    : { os: p.os, architecture: p.architecture };
}

/**
 * The plan record. `parentEntry` is the descriptor of this manifest in an index (the first parent by
 * digest): its size when the bytes were not read, its platform (with variant, which ACR's listing
 * lacks) in preference to the listing's.
 */
export function recordOf(draft: Draft, parentEntry: Descriptor | undefined): ManifestRecord {
  const size = draft.fetched?.size ?? parentEntry?.size;
  const mediaType = mediaTypeOf(draft) ?? parentEntry?.mediaType;
  if (size === undefined || mediaType === undefined) {
    throw new Error(`internal: manifest ${draft.digest} was neither read nor described by an index`);
  }
  const record: ManifestRecord = { digest: draft.digest, mediaType, size, tags: draft.tags };
  if (draft.imageSize !== undefined) record.imageSize = draft.imageSize;
  const platform = platformOf(parentEntry) ?? draft.listingPlatform;
  if (platform) record.platform = platform;
  if (draft.fetched?.children) record.children = draft.fetched.children.map((child) => child.digest);
  if (draft.fetched?.subject) record.subject = draft.fetched.subject;
  if (draft.fetched?.artifactType) record.artifactType = intern(draft.fetched.artifactType);
  if (draft.configMediaType) record.configMediaType = draft.configMediaType;
  record.changeableAttributes = { ...draft.changeableAttributes };
  return record;
}
