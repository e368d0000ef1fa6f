/**
 * Tags with changeable attributes of their own: locked (writeEnabled or deleteEnabled false), hidden
 * (listEnabled false) or unreadable (readEnabled false). import-artifacts does not carry tag-level
 * attributes yet: the tag is carried, its attributes are not (a hidden tag is listed on the target,
 * a locked one writable). The plan records them so that prepare warns before anything moves, with
 * the tags named, instead of the difference going unnoticed.
 *
 * Cost: ⌈tags/100⌉ pages of /acr/v1/{repo}/_tags per repository. Hidden tags are not in that listing;
 * the completeness proof already looked them up one by one (repository.ts), so they are passed in.
 */
import { acrTagPages, type ChangeableAttributes } from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import type { Artifacts } from '../plan/model.js';

export interface TagWithAttributes {
  name: string;
  changeableAttributes: ChangeableAttributes;
}

/** The attributes that are false (an attribute left out is true, ACR's default). */
function switchedOff(attributes: ChangeableAttributes): Record<string, boolean> | undefined {
  const off = Object.entries(attributes).filter(([, value]) => value === false);
  return off.length > 0 ? Object.fromEntries(off.sort(([a], [b]) => (a < b ? -1 : 1))) : undefined;
}

/** tag -> its attributes that are false, for every tag of `repository` that has any. */
export async function tagAttributeExceptions(
  client: RegistryClient,
  repository: string,
  hidden: readonly TagWithAttributes[],
): Promise<Record<string, Record<string, boolean>>> {
  const exceptions: Record<string, Record<string, boolean>> = {};
  const add = (tag: TagWithAttributes) => {
    const off = switchedOff(tag.changeableAttributes);
    if (off) exceptions[tag.name] = off;
  };
  for await (const page of acrTagPages(client, repository)) page.forEach(add);
  hidden.forEach(add);
  return Object.fromEntries(Object.entries(exceptions).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** "repository:tag (writeEnabled=false)" for every recorded tag exception, in plan order. */
export function tagExceptionsOf(artifacts: Pick<Artifacts, 'repositories'>): string[] {
  return artifacts.repositories.flatMap((repository) =>
    Object.entries(repository.tagAttributes ?? {}).map(
      ([tag, attributes]) =>
        `${repository.name}:${tag} (${Object.entries(attributes)
          .map(([key, value]) => `${key}=${String(value)}`)
          .join(', ')})`,
    ),
  );
}
