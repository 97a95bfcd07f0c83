/**
 * Environment actions (SPEC section 3): what the secure world, the CPU, devices and hibernation may
 * do at any moment. `enabledEnvActions` lists only actions that change the state, in a fixed order
 * (secure, cpu, devices, hibernate); `applyEnvAction` runs one.
 */
import type { World } from '../state.ts';
import type { EnvAction, EnvActor } from './actions.ts';
import { applyCpuAction, cpuActions } from './cpu.ts';
import { applyDeviceAction, deviceActions } from './devices.ts';
import { applySnapshot, hibernateActions } from './hibernate.ts';
import { applySecureAction, secureActions } from './secure.ts';
import { applyVmcore, kdumpActions } from './kdump.ts';
import { kexecBoot } from './kexec.ts';

/** What an environment action did: the next world and `ok`, an FF-A error, `abort` or `fault`. */
export interface EnvOutcome {
  readonly world: World;
  readonly result: string;
}

/**
 * The enabled actions of the given actors: secure by endpoint then handle, cpu by page then path,
 * devices by device then page, then the hibernation snapshot.
 */
export function enabledEnvActions(world: World, actors: ReadonlySet<EnvActor>): EnvAction[] {
  const out: EnvAction[] = [];
  if (actors.has('secure')) secureActions(world, out);
  if (actors.has('cpu')) cpuActions(world, out);
  if (actors.has('devices')) deviceActions(world, out);
  if (actors.has('hibernate')) hibernateActions(world, out);
  if (actors.has('kdump')) kdumpActions(world, out);
  // kexec is scheduled by the system layer (it runs the design's shutdown procedures first).
  return out;
}

/** Runs one environment action. Never throws; an action that is not enabled changes nothing useful. */
export function applyEnvAction(world: World, action: EnvAction): EnvOutcome {
  switch (action.actor) {
    case 'secure':
      return applySecureAction(world, action);
    case 'cpu':
      return applyCpuAction(world, action);
    case 'devices':
      return applyDeviceAction(world, action);
    case 'hibernate':
      return applySnapshot(world);
    case 'kdump':
      return applyVmcore(world);
    case 'kexec':
      // The system layer runs shutdown first; here only what the new kernel does on boot.
      return { world: kexecBoot(world), result: 'ok' };
  }
}
