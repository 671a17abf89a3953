/*
 * Relative links between the Markdown pages (README.md, CONTRIBUTING.md, docs/*.md) lead somewhere:
 * the file exists and, for `page.md#anchor`, the page has a heading with that GitHub anchor.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { ROOT, documentationFiles } from '../../scripts/check-doc-examples';

/** Pages other branches are writing (issues 9–15); a link to one may precede the page itself. */
const PAGES_WRITTEN_ELSEWHERE = new Set(
  ['architecture', 'generator', 'undici'].map((name) => `docs/${name}.md`),
);

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

function withoutCode(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

function anchorsOf(file: string): Set<string> {
  const text = withoutCode(readFileSync(join(ROOT, file), 'utf8'));
  return new Set([...text.matchAll(/^#+ (.*)$/gm)].map((match) => anchorOf(match[1])));
}

test('every relative link between the documentation pages resolves', () => {
  const broken: string[] = [];
  for (const file of [...documentationFiles(), 'CONTRIBUTING.md']) {
    const text = withoutCode(readFileSync(join(ROOT, file), 'utf8'));
    for (const [, link] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(link)) continue; // https:, mailto:
      const [path, anchor] = link.split('#');
      const target = path ? normalize(relative(ROOT, join(ROOT, dirname(file), path))) : file;
      if (!existsSync(join(ROOT, target))) {
        if (!PAGES_WRITTEN_ELSEWHERE.has(target)) broken.push(`${file}: ${link} (no such file)`);
        continue;
      }
      if (anchor && target.endsWith('.md') && !anchorsOf(target).has(anchor)) {
        broken.push(`${file}: ${link} (no such heading in ${target})`);
      }
    }
  }
  expect(broken).toEqual([]);
});
