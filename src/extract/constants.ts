/**
 * Constant sizes in kernel C: `SZ_64K`, `4 * PAGE_SIZE`, `PAGE_SIZE << 2`, `BIT(3)`, `#define`s of
 * the given files and locals initialised with a constant. Anything else is not a constant
 * (undefined), and the caller falls back to `--pages`.
 */

export const PAGE_SIZE = 4096;

/** Names every kernel build knows. */
function builtinConstant(name: string): number | undefined {
  if (name === 'PAGE_SIZE') return PAGE_SIZE;
  if (name === 'PAGE_SHIFT') return 12;
  const sz = /^SZ_(\d+)([KMG]?)$/.exec(name);
  if (sz !== null) return Number(sz[1]) * (sz[2] === 'K' ? 1024 : sz[2] === 'M' ? 1024 ** 2 : sz[2] === 'G' ? 1024 ** 3 : 1);
  return undefined;
}

/** A name -> expression text lookup (the files' #defines, a function's constant locals). */
export type ConstantEnv = (name: string) => string | undefined;

const CAST = /\(\s*(?:const\s+)?(?:unsigned\s+|signed\s+)?(?:long\s+long|long|int|short|char|size_t|ssize_t|u8|u16|u32|u64|s32|s64|phys_addr_t|dma_addr_t|unsigned|loff_t|gfp_t)\s*\)/g;

/** The value of a C integer expression, or undefined when it is not a compile-time constant. */
export function evaluate(text: string, env: ConstantEnv, depth = 0): number | undefined {
  if (depth > 20) return undefined;
  const tokens = text.replace(CAST, ' ').match(/0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|<<|>>|[-+*/%()|&,~]|\S/g);
  if (tokens === null) return undefined;
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const fail = (): never => {
    throw new NotConstant();
  };
  const primary = (): number => {
    const t = next();
    if (t === undefined) return fail();
    if (t === '(') {
      const v = expr();
      if (next() !== ')') fail();
      return v;
    }
    if (t === '-') return -primary();
    if (t === '~') return ~primary();
    if (/^\d|^0[xX]/.test(t)) return Number.parseInt(t.replace(/[uUlL]+$/, ''), t.startsWith('0x') || t.startsWith('0X') ? 16 : 10);
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === '(') {
        next();
        const args: number[] = [];
        if (peek() !== ')') {
          args.push(expr());
          while (peek() === ',') {
            next();
            args.push(expr());
          }
        }
        if (next() !== ')') fail();
        return macro(t, args);
      }
      const builtin = builtinConstant(t);
      if (builtin !== undefined) return builtin;
      const defined = env(t);
      if (defined === undefined) return fail();
      const v = evaluate(defined, env, depth + 1);
      return v === undefined ? fail() : v;
    }
    return fail();
  };
  const multiplicative = (): number => {
    let v = primary();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = next();
      const r = primary();
      if (op !== '*' && r === 0) fail();
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const additive = (): number => {
    let v = multiplicative();
    while (peek() === '+' || peek() === '-') v = next() === '+' ? v + multiplicative() : v - multiplicative();
    return v;
  };
  const shift = (): number => {
    let v = additive();
    while (peek() === '<<' || peek() === '>>') v = next() === '<<' ? v * 2 ** additive() : Math.floor(v / 2 ** additive());
    return v;
  };
  const expr = (): number => {
    let v = shift();
    while (peek() === '|' || peek() === '&') v = next() === '|' ? v | shift() : v & shift();
    return v;
  };
  try {
    const v = expr();
    return pos === tokens.length && Number.isSafeInteger(v) ? v : undefined;
  } catch (e) {
    if (e instanceof NotConstant) return undefined;
    throw e;
  }
}

class NotConstant extends Error {}

function macro(name: string, args: readonly number[]): number {
  const [a, b] = args;
  switch (name) {
    case 'BIT':
      if (a !== undefined) return 2 ** a;
      break;
    case 'PAGE_ALIGN':
      if (a !== undefined) return Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;
      break;
    case 'ALIGN':
      if (a !== undefined && b !== undefined && b > 0) return Math.ceil(a / b) * b;
      break;
    case 'DIV_ROUND_UP':
      if (a !== undefined && b !== undefined && b > 0) return Math.ceil(a / b);
      break;
    case 'PFN_UP':
      if (a !== undefined) return Math.ceil(a / PAGE_SIZE);
      break;
    case 'get_order':
      if (a !== undefined) return Math.max(0, Math.ceil(Math.log2(Math.ceil(a / PAGE_SIZE))));
      break;
  }
  throw new NotConstant();
}

/** Pages covering `bytes` (at least one). */
export function pagesOfBytes(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / PAGE_SIZE));
}
