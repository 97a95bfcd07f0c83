/**
 * Stable names for moves, independent of the state they are taken in: `t1` (kernel actor t1's next
 * instruction), `t1[0,2]` (its scatter-gather alloc taking pages 0 and 2), `t1!FFA_NO_MEMORY` (its
 * step failing by fault injection), `kexec`, `kdump:vmcore`, `secure:ffa_retrieve:optee:0`, `secure:write_owned:v1:page3`, `cpu:read:3:linear`, `devices:dma:vdec:2`,
 * `hibernate:snapshot`. Saved traces store these; replay and minimisation match them.
 */
import type { EnvAction } from '../../model/environment/actions.ts';
import type { Program } from '../design/program.ts';
import type { Move } from './state.ts';

export function envActionKey(action: EnvAction): string {
  switch (action.actor) {
    case 'secure':
      return action.kind === 'write_owned'
        ? `secure:write_owned:${action.endpoint}:page${action.page}`
        : `secure:${action.kind}:${action.endpoint}:${action.handle}`;
    case 'cpu':
      return `cpu:read:${action.page}:${action.path}`;
    case 'devices':
      return `devices:dma:${action.device}:${action.page}`;
    case 'hibernate':
      return 'hibernate:snapshot';
    case 'kexec':
      return 'kexec';
    case 'kdump':
      return 'kdump:vmcore';
  }
}

export function moveKeyer(program: Program): (move: Move) => string {
  const names = program.actors.map((a) => a.name);
  return (move) => {
    if (move.kind === 'env') return envActionKey(move.action);
    let key = names[move.actor]!;
    if (move.pages !== undefined) key += `[${move.pages.join(',')}]`;
    if (move.fail !== undefined) key += `!${move.fail}`;
    return key;
  };
}
