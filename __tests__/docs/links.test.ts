/**
 * Every relative link in the README and in docs/ must lead somewhere: to a file or folder of the
 * repository and, when it names a heading of a Markdown file, to that heading (GitHub's anchors).
 * The Marketplace page (overview.md) is shown outside the repository, so it has no relative links at all.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { headingAnchors, linkTargets, readRepoFile, ROOT } from './support/markdown.js';

const EXTERNAL = /^(https?:|mailto:)/;

const documents = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

function relativeLinks(document: string): Array<{ target: string; file: string; anchor?: string }> {
  return linkTargets(readRepoFile(document))
    .filter((target) => !EXTERNAL.test(target))
    .map((target) => {
      const [path = '', anchor] = target.split('#');
      const file = path === '' ? document : relative(ROOT, join(ROOT, dirname(document), decodeURI(path)));
      return { target, file, ...(anchor ? { anchor } : {}) };
    });
}

describe('links', () => {
  it('covers the README and the new guides', () => {
    expect(documents).toEqual(
      expect.arrayContaining(['README.md', 'docs/permissions.md', 'docs/troubleshooting.md', 'docs/faq.md']),
    );
  });

  it.each(documents)('in %s lead to existing files and headings', (document) => {
    const links = relativeLinks(document);
    expect(links.length).toBeGreaterThan(0);
    for (const { target, file, anchor } of links) {
      expect([document, target, existsSync(join(ROOT, file))]).toEqual([document, target, true]);
      if (anchor && file.endsWith('.md'))
        expect([document, target, headingAnchors(readRepoFile(file)).has(anchor)]).toEqual([document, target, true]);
    }
  });

  it('in overview.md (the Marketplace page) are absolute', () => {
    for (const target of linkTargets(readRepoFile('overview.md'))) expect(target).toMatch(EXTERNAL);
  });
});

describe('headingAnchors', () => {
  it('derives anchors as GitHub does', () => {
    const anchors = headingAnchors('# A `code` title: yes!\n## Same\n## Same\n```\n# not a heading\n```\n');
    expect([...anchors]).toEqual(['a-code-title-yes', 'same', 'same-1']);
  });
});
