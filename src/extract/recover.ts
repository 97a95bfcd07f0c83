/**
 * Kernel C as tree-sitter sees it, with macros unexpanded: annotations such as `static int __init`
 * or `__must_check` and the branches of `#ifdef` produce ERROR nodes. Before parsing, known
 * annotations are blanked and only the first branch of each conditional is kept (`#if 0` keeps its
 * `#else`), replacing characters by spaces so every line and column stays where it was.
 */

export interface Recovered {
  readonly text: string;
  /** What was changed, for the design's header: `{line, message}` (1-based lines). */
  readonly notes: readonly { readonly line: number; readonly message: string }[];
}

/** Plain annotations (a word), blanked wherever they stand. */
const WORD_ANNOTATIONS = [
  '__init', '__exit', '__initdata', '__exitdata', '__initconst', '__must_check', '__always_inline',
  'noinline', '__maybe_unused', '__always_unused', '__used', '__cold', '__hot', '__user', '__iomem',
  '__rcu', '__force', '__percpu', '__ro_after_init', '__read_mostly', '__refdata', '__ref', '__weak',
  '__pure', '__noreturn', 'asmlinkage', 'notrace', '__visible', '__nocfi', '__latent_entropy',
  '__init_or_module', '__meminit', '__devinit', '__packed', '__acquires', '__releases', '__must_hold',
];
/** Annotations with an argument list, blanked with it: `__aligned(8)`, `__attribute__((unused))`. */
const CALL_ANNOTATIONS = [
  '__attribute__', '__attribute', '__aligned', '__printf', '__section', '__cond_acquires', '__acquires',
  '__releases', '__must_hold', '__counted_by', '__free', '__malloc', '__alloc_size',
];

export function recoverSource(text: string): Recovered {
  const notes: { line: number; message: string }[] = [];
  const chars = text.split('');
  blankConditionals(text, chars, notes);
  blankAnnotations(chars.join(''), chars);
  return { text: chars.join(''), notes };
}

function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
}

/**
 * Keeps the first branch of `#if/#ifdef/#ifndef ... #elif/#else ... #endif` (nested too) and blanks
 * the directives themselves and every other branch. `#if 0` is the one exception: its first branch
 * is dead code by convention, so the next branch is kept instead.
 */
function blankConditionals(text: string, chars: string[], notes: { line: number; message: string }[]): void {
  interface Frame { keep: boolean; taken: boolean; parentKeeps: boolean }
  const stack: Frame[] = [];
  let offset = 0;
  const lines = text.split('\n');
  let continued = false;
  lines.forEach((line, index) => {
    const start = offset;
    const end = offset + line.length;
    offset = end + 1;
    const parentKeeps = stack.every((f) => f.keep);
    const directive = /^\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b(.*)$/.exec(line);
    if (continued) {
      // The rest of a directive continued with a backslash.
      continued = line.endsWith('\\');
      blank(chars, start, end);
      return;
    }
    if (directive === null) {
      if (!parentKeeps) blank(chars, start, end);
      return;
    }
    continued = line.endsWith('\\');
    const [, kind, rest] = directive;
    const condition = (rest ?? '').replace(/\/\*.*?\*\/|\/\/.*$/g, '').trim();
    blank(chars, start, end);
    switch (kind) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        const dead = kind === 'if' && /^\(?\s*0\s*\)?$/.test(condition);
        stack.push({ keep: !dead, taken: !dead, parentKeeps });
        if (parentKeeps) {
          notes.push({
            line: index + 1,
            message: dead ? `#if 0: branch skipped` : `#${kind} ${condition}: first branch taken`,
          });
        }
        break;
      }
      case 'elif':
      case 'else': {
        const top = stack[stack.length - 1];
        if (top === undefined) break;
        top.keep = !top.taken;
        top.taken = true;
        break;
      }
      case 'endif':
        stack.pop();
        break;
    }
  });
}

function blankAnnotations(text: string, chars: string[]): void {
  const words = new RegExp(`\\b(${WORD_ANNOTATIONS.join('|')})\\b(?!\\s*\\()`, 'g');
  for (const m of text.matchAll(words)) blank(chars, m.index, m.index + m[0].length);
  const calls = new RegExp(`\\b(${CALL_ANNOTATIONS.join('|')})\\s*\\(`, 'g');
  for (const m of text.matchAll(calls)) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(text, open);
    if (close > open) blank(chars, m.index, close + 1);
  }
}

/** Index of the `)` matching the `(` at `open`, or -1. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}
