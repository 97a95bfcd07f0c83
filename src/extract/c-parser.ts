/**
 * tree-sitter's C grammar through WebAssembly: no compiler, no headers, no native module. Both
 * .wasm files ship inside the npm packages (web-tree-sitter, tree-sitter-c); nothing is fetched.
 * Loading takes a few tens of milliseconds, so the parser is made once per process.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node as CNode, Tree as CTree };

let parser: Promise<Parser> | null = null;

async function makeParser(): Promise<Parser> {
  const require = createRequire(import.meta.url);
  await Parser.init();
  const language = await Language.load(require.resolve('tree-sitter-c/tree-sitter-c.wasm'));
  const p = new Parser();
  p.setLanguage(language);
  return p;
}

/** The syntax tree of `text` (already prepared by recover.ts). Never throws on bad C: ERROR nodes. */
export async function parseC(text: string): Promise<Tree> {
  parser ??= makeParser();
  const tree = (await parser).parse(text);
  if (tree === null) throw new Error('internal: tree-sitter returned no tree');
  return tree;
}

/** 1-based line of a node. */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

/** Named children without the nulls web-tree-sitter's typing allows. */
export function kids(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

/** A named field's child, or null. */
export function field(node: Node, name: string): Node | null {
  return node.childForFieldName(name);
}
