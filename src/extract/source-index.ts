/**
 * What the given C files define, found once before extraction: functions (with their parameters
 * and whether they return a pointer), ops-table initialisers (`.f = fn`), `#define` constants, and
 * the struct fields that code both assigns and tests (driver flags such as `rp->gen_pool`, which
 * become design variables).
 */
import { field, kids, lineOf, type CNode } from './c-parser.ts';
import { lvalueKey } from './expressions.ts';

export interface CFile {
  readonly path: string;
  /** As given on the command line, for comments: the base name. */
  readonly name: string;
  readonly root: CNode;
}

export interface CFunction {
  readonly name: string;
  readonly file: CFile;
  readonly node: CNode;
  readonly body: CNode;
  readonly params: readonly string[];
  readonly returnsPointer: boolean;
  readonly line: number;
}

export interface SourceIndex {
  readonly files: readonly CFile[];
  readonly functions: ReadonlyMap<string, CFunction>;
  /** Field name -> functions assigned to it in struct initialisers, in file order. */
  readonly opsFields: ReadonlyMap<string, readonly string[]>;
  readonly defines: ReadonlyMap<string, string>;
  /** Field keys (expressions.ts lvalueKey) both assigned somewhere and tested in a condition. */
  readonly flagKeys: ReadonlySet<string>;
}

export function indexSources(files: readonly CFile[]): SourceIndex {
  const functions = new Map<string, CFunction>();
  const opsFields = new Map<string, string[]>();
  const defines = new Map<string, string>();
  const assigned = new Set<string>();
  const tested = new Set<string>();
  for (const file of files) {
    const visit = (node: CNode): void => {
      switch (node.type) {
        case 'function_definition': {
          const fn = functionOf(file, node);
          if (fn !== null && !functions.has(fn.name)) functions.set(fn.name, fn);
          break;
        }
        case 'preproc_def': {
          const name = field(node, 'name');
          const value = field(node, 'value');
          if (name !== null && value !== null) defines.set(name.text, value.text.trim());
          break;
        }
        case 'initializer_pair': {
          const designator = field(node, 'designator');
          const value = field(node, 'value');
          const fieldName = designator?.type === 'field_designator' ? kids(designator)[0]?.text : undefined;
          if (fieldName !== undefined && value?.type === 'identifier') {
            const list = opsFields.get(fieldName) ?? [];
            list.push(value.text);
            opsFields.set(fieldName, list);
          }
          break;
        }
        case 'assignment_expression': {
          const left = field(node, 'left');
          const key = left === null ? null : lvalueKey(left);
          if (key !== null && key.startsWith('.')) assigned.add(key);
          break;
        }
        case 'if_statement':
        case 'while_statement': {
          const cond = field(node, 'condition');
          if (cond !== null) collectFieldKeys(cond, tested);
          break;
        }
      }
      for (const child of kids(node)) visit(child);
    };
    visit(file.root);
  }
  // Keep only initialisers that name functions of the files (ops tables, not data).
  for (const [name, fns] of opsFields) {
    const defined = fns.filter((f) => functions.has(f));
    if (defined.length === 0) opsFields.delete(name);
    else opsFields.set(name, defined);
  }
  const flagKeys = new Set([...assigned].filter((k) => tested.has(k)));
  return { files, functions, opsFields, defines, flagKeys };
}

/** Field expressions a condition reads directly (`rp->gen_pool`, `!p->pool`), not inside calls. */
function collectFieldKeys(node: CNode, into: Set<string>): void {
  if (node.type === 'call_expression') return;
  if (node.type === 'field_expression') {
    const key = lvalueKey(node);
    if (key !== null) into.add(key);
    return;
  }
  for (const child of kids(node)) collectFieldKeys(child, into);
}

function functionOf(file: CFile, node: CNode): CFunction | null {
  let declarator = field(node, 'declarator');
  let returnsPointer = false;
  while (declarator !== null && declarator.type !== 'function_declarator') {
    if (declarator.type === 'pointer_declarator') returnsPointer = true;
    declarator = field(declarator, 'declarator');
  }
  const body = field(node, 'body');
  if (declarator === null || body === null) return null;
  const nameNode = field(declarator, 'declarator');
  if (nameNode === null || nameNode.type !== 'identifier') return null;
  const params: string[] = [];
  const list = field(declarator, 'parameters');
  for (const p of list === null ? [] : kids(list)) {
    if (p.type !== 'parameter_declaration') continue;
    let d = field(p, 'declarator');
    while (d !== null && d.type !== 'identifier') d = field(d, 'declarator');
    params.push(d?.text ?? '');
  }
  return { name: nameNode.text, file, node, body, params, returnsPointer, line: lineOf(node) };
}
