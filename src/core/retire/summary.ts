/** The retire-source summary: first what happened, in one plain sentence; then every precondition. */
import { escapeMarkdown, heading, statusIcon, table } from '../report/markdown.js';
import type { RetireMode, RetireOutcome } from './model.js';

function statement(outcome: RetireOutcome, source: string, mode: RetireMode, restore: boolean): string {
  const name = `\`${source.replace(/`/g, '')}\``;
  if (outcome.failure) {
    return restore
      ? `❌ The source registry ${name} was not restored.`
      : `🛑 Nothing was changed: retire-source refused to ${mode} the source registry ${name}.`;
  }
  switch (outcome.retired) {
    case 'deleted':
      return `🗑️ The source registry ${name} is deleted.`;
    case 'disabled':
      return `⏸️ The source registry ${name} is disabled (brownout): no public network access, every repository read- and write-disabled. Undo with \`restore: true\`.`;
    case 'restored':
      return `▶️ The source registry ${name} is restored to what it was before acr-relocate changed it.`;
    default:
      return `Nothing was changed on the source registry ${name}.`;
  }
}

export function renderRetireSummary(
  outcome: RetireOutcome,
  source: string,
  mode: RetireMode,
  restore: boolean,
): string {
  const parts = [heading(2, 'acr-relocate retire-source'), `**${statement(outcome, source, mode, restore)}**`];
  if (outcome.failure) parts.push(escapeMarkdown(outcome.failure));
  if (outcome.actions.length > 0) parts.push(outcome.actions.map((a) => `- ${escapeMarkdown(a)}`).join('\n'));
  if (outcome.preconditions.length > 0) {
    parts.push(heading(3, 'Preconditions'));
    parts.push(
      table(
        ['', 'Check', 'Result', 'What to do'],
        outcome.preconditions.map((p) => [
          statusIcon(p.passed ? 'pass' : 'fail'),
          p.id,
          p.message,
          p.passed ? '' : (p.hint ?? ''),
        ]),
      ),
    );
  }
  return `${parts.join('\n\n')}\n`;
}
