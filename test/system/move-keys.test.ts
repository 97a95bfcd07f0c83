/**
 * Move keys are what saved traces store and replay matches (move-keys.ts): every environment
 * action has the documented key, and the keys name every argument that tells two actions apart.
 */
import { describe, expect, it } from 'vitest';
import type { EnvAction } from '../../model/environment/actions.ts';
import { envActionKey } from '../../src/system/move-keys.ts';

const KEYS: readonly (readonly [EnvAction, string])[] = [
  [{ actor: 'secure', kind: 'ffa_retrieve', endpoint: 'optee', handle: 0 }, 'secure:ffa_retrieve:optee:0'],
  [{ actor: 'secure', kind: 'write', endpoint: 'optee', handle: 2 }, 'secure:write:optee:2'],
  [{ actor: 'secure', kind: 'ffa_relinquish', endpoint: 'v1', handle: 1 }, 'secure:ffa_relinquish:v1:1'],
  [{ actor: 'secure', kind: 'write_owned', endpoint: 'v1', page: 3 }, 'secure:write_owned:v1:page3'],
  [{ actor: 'cpu', kind: 'read', page: 3, path: 'linear' }, 'cpu:read:3:linear'],
  [{ actor: 'devices', kind: 'dma', device: 'vdec', page: 2 }, 'devices:dma:vdec:2'],
  [{ actor: 'hibernate', kind: 'snapshot' }, 'hibernate:snapshot'],
  [{ actor: 'kexec', kind: 'kexec' }, 'kexec'],
  [{ actor: 'kdump', kind: 'vmcore' }, 'kdump:vmcore'],
];

describe('envActionKey', () => {
  it.each(KEYS)('%o is %s', (action, key) => {
    expect(envActionKey(action)).toBe(key);
  });

  it('gives actions that differ in any argument different keys', () => {
    const variants: EnvAction[] = [
      { actor: 'secure', kind: 'write_owned', endpoint: 'v1', page: 3 },
      { actor: 'secure', kind: 'write_owned', endpoint: 'v1', page: 4 },
      { actor: 'secure', kind: 'write_owned', endpoint: 'v2', page: 3 },
      { actor: 'devices', kind: 'dma', device: 'vdec', page: 2 },
      { actor: 'devices', kind: 'dma', device: 'vdec', page: 1 },
      { actor: 'devices', kind: 'dma', device: 'venc', page: 2 },
    ];
    expect(new Set(variants.map(envActionKey)).size).toBe(variants.length);
  });
});
