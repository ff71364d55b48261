/**
 * A small highlighter for JSON and YAML previews: tokens become spans with a class, text stays
 * text (no HTML strings), so an artifact's content can never become markup.
 */
import { h } from '../shared/dom';

type Rule = [RegExp, string];

const JSON_RULES: Rule[] = [
  [/^"(?:[^"\\]|\\.)*"(?=\s*:)/, 'tok-key'],
  [/^"(?:[^"\\]|\\.)*"/, 'tok-string'],
  [/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, 'tok-number'],
  [/^(?:true|false|null|NaN|Infinity)\b/, 'tok-keyword'],
];

const YAML_RULES: Rule[] = [
  [/^#.*/, 'tok-comment'],
  [/^[\w.\-/ ]+(?=:(?:\s|$))/, 'tok-key'],
  [/^'(?:[^']|'')*'|^"(?:[^"\\]|\\.)*"/, 'tok-string'],
  [/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=\s*$|\s*#)/, 'tok-number'],
  [/^(?:true|false|null|yes|no|~)(?=\s*$)/i, 'tok-keyword'],
];

/** Renders `text` into a `<pre>`, highlighting JSON or YAML tokens. */
export function highlighted(text: string, language: 'json' | 'yaml' | 'text'): HTMLElement {
  const pre = h('pre', { class: `code lang-${language}` });
  if (language === 'text') {
    pre.textContent = text;
    return pre;
  }
  const rules = language === 'json' ? JSON_RULES : YAML_RULES;
  for (const line of text.split('\n')) {
    // YAML keys are matched at the start of a line's content only.
    let rest = line;
    let atLineStart = true;
    let plain = '';
    const flush = () => {
      if (plain) pre.append(plain);
      plain = '';
    };
    while (rest.length) {
      const indent = /^[\s\-[\]{},:]+/.exec(rest);
      if (indent) {
        plain += indent[0];
        rest = rest.slice(indent[0].length);
        if (!/^[\s-]+$/.test(indent[0])) atLineStart = false;
        continue;
      }
      const rule = rules.find(([pattern, kind]) => (kind !== 'tok-key' || language === 'json' || atLineStart) && pattern.test(rest));
      if (rule) {
        const match = rule[0].exec(rest)![0];
        flush();
        pre.append(h('span', { class: rule[1] }, match));
        rest = rest.slice(match.length);
      } else {
        const word = /^[^\s,:[\]{}]+/.exec(rest)?.[0] ?? rest[0];
        plain += word;
        rest = rest.slice(word.length);
      }
      atLineStart = false;
    }
    flush();
    pre.append('\n');
  }
  return pre;
}
