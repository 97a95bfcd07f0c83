/**
 * The design's `platform` block (SPEC section 2): snake_case knobs, each defaulting to
 * DEFAULT_PLATFORM. A given `pages`, `endpoints` or `devices` replaces the default entirely.
 */
import type { DataPath } from '../input/source.ts';
import {
  DEFAULT_PLATFORM,
  HYPERVISORS,
  NS,
  REGIONS,
  SPMCS,
  type DeviceTrust,
  type Hypervisor,
  type Platform,
  type Region,
  type Spmc,
} from '../../model/platform.ts';
import { checkKeys, describe, Diagnostics, expectedOneOf, has, isRecord, NAME_PATTERN, NAME_RULE, own } from './diagnostics.ts';

export const PLATFORM_KEYS = [
  'hypervisor',
  'spmc',
  'secure_protects_on_lend',
  'secure_clears_on_relinquish',
  'can_set_direct_map',
  'pages',
  'endpoints',
  'devices',
  'carveout_owner',
  'firewall_granule',
] as const;

/** The keys of a device's long form, `name: {stream: secure|normal, bounce: true|false}`. */
const DEVICE_KEYS = ['stream', 'bounce'] as const;

/** A bound that keeps a typo like `cma: 40000` from turning into an endless search. */
export const MAX_PAGES_PER_REGION = 256;

const DEVICE_TRUST: readonly DeviceTrust[] = ['secure', 'normal'];

/** Validates the platform block at `path` (absent = all defaults). Bad knobs keep their default. */
export function parsePlatform(d: Diagnostics, value: unknown, path: DataPath): Platform {
  if (value === undefined) return DEFAULT_PLATFORM;
  if (!isRecord(value)) {
    d.at(path, `platform: expected a map of knobs (${PLATFORM_KEYS.join(', ')}), got ${describe(value)}`);
    return DEFAULT_PLATFORM;
  }
  checkKeys(d, value, path, PLATFORM_KEYS, 'platform');
  const choice = <T extends string>(key: string, options: readonly T[], fallback: T): T => {
    if (!has(value, key)) return fallback;
    const v = own(value, key);
    if (typeof v === 'string' && (options as readonly string[]).includes(v)) return v as T;
    const hint = typeof v === 'string' ? ` ${expectedOneOf(v, options)}` : `: expected one of ${options.join(', ')}, got ${describe(v)}`;
    d.at([...path, key], typeof v === 'string' ? `unknown ${key} '${v}'${hint}` : `platform.${key}${hint}`);
    return fallback;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    if (!has(value, key)) return fallback;
    const v = own(value, key);
    if (typeof v === 'boolean') return v;
    d.at([...path, key], `platform.${key}: expected true or false, got ${describe(v)}`);
    return fallback;
  };
  const endpoints = has(value, 'endpoints') ? parseEndpoints(d, own(value, 'endpoints'), [...path, 'endpoints']) : DEFAULT_PLATFORM.endpoints;
  const bounceDevices: string[] = [];
  const devices = has(value, 'devices') ? parseDevices(d, own(value, 'devices'), [...path, 'devices'], bounceDevices) : DEFAULT_PLATFORM.devices;
  return {
    hypervisor: choice<Hypervisor>('hypervisor', HYPERVISORS, DEFAULT_PLATFORM.hypervisor),
    spmc: choice<Spmc>('spmc', SPMCS, DEFAULT_PLATFORM.spmc),
    secureProtectsOnLend: flag('secure_protects_on_lend', DEFAULT_PLATFORM.secureProtectsOnLend),
    secureClearsOnRelinquish: flag('secure_clears_on_relinquish', DEFAULT_PLATFORM.secureClearsOnRelinquish),
    canSetDirectMap: flag('can_set_direct_map', DEFAULT_PLATFORM.canSetDirectMap),
    pages: has(value, 'pages') ? parsePages(d, own(value, 'pages'), [...path, 'pages']) : DEFAULT_PLATFORM.pages,
    endpoints,
    devices,
    carveoutOwner: has(value, 'carveout_owner') ? parseCarveoutOwner(d, own(value, 'carveout_owner'), [...path, 'carveout_owner'], endpoints) : DEFAULT_PLATFORM.carveoutOwner,
    firewallGranule: has(value, 'firewall_granule') ? parseGranule(d, own(value, 'firewall_granule'), [...path, 'firewall_granule']) : DEFAULT_PLATFORM.firewallGranule,
    bounceDevices,
  };
}

/** `carveout_owner`: `ns` or a declared secure endpoint. */
function parseCarveoutOwner(d: Diagnostics, value: unknown, path: DataPath, endpoints: readonly string[]): string {
  const owners = [NS, ...endpoints];
  if (typeof value === 'string' && owners.includes(value)) return value;
  if (typeof value === 'string') d.at(path, `unknown carveout_owner '${value}' ${expectedOneOf(value, owners, 'ns or an endpoint of platform.endpoints:')}`);
  else d.at(path, `platform.carveout_owner: expected ns or an endpoint of platform.endpoints (${owners.join(', ')}), got ${describe(value)}`);
  return DEFAULT_PLATFORM.carveoutOwner;
}

/** `firewall_granule`: a positive page count (at most a region's page bound). */
function parseGranule(d: Diagnostics, value: unknown, path: DataPath): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PAGES_PER_REGION) return value;
  d.at(path, `platform.firewall_granule: expected a page count (an integer from 1 to ${MAX_PAGES_PER_REGION}), got ${describe(value)}`);
  return DEFAULT_PLATFORM.firewallGranule;
}

function parsePages(d: Diagnostics, value: unknown, path: DataPath): Partial<Record<Region, number>> {
  if (!isRecord(value)) {
    d.at(path, `platform.pages: expected a map of region to page count, e.g. {cma: 4}, got ${describe(value)}`);
    return DEFAULT_PLATFORM.pages;
  }
  const given: Partial<Record<Region, number>> = {};
  for (const [key, count] of Object.entries(value)) {
    if (!(REGIONS as readonly string[]).includes(key)) {
      d.atKey(path, key, `unknown region '${key}' in platform.pages ${expectedOneOf(key, REGIONS)}`);
      continue;
    }
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_PAGES_PER_REGION) {
      d.at([...path, key], `platform.pages.${key}: expected a page count (an integer from 0 to ${MAX_PAGES_PER_REGION}), got ${describe(count)}`);
      continue;
    }
    given[key as Region] = count;
  }
  // Regions in the model's numbering order, whatever order the design wrote them in.
  const pages: Partial<Record<Region, number>> = {};
  for (const region of REGIONS) if (given[region] !== undefined) pages[region] = given[region];
  const allValid = Object.keys(given).length === Object.keys(value).length;
  if (allValid && Object.values(pages).every((n) => n === 0)) {
    d.at(path, 'platform.pages: expected at least one page in some region, e.g. {cma: 4}');
  }
  return pages;
}

function parseEndpoints(d: Diagnostics, value: unknown, path: DataPath): string[] {
  if (!Array.isArray(value)) {
    d.at(path, `platform.endpoints: expected a list of secure endpoint names, e.g. [optee], got ${describe(value)}`);
    return [...DEFAULT_PLATFORM.endpoints];
  }
  const endpoints: string[] = [];
  value.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
      d.at([...path, i], `platform.endpoints: expected an endpoint name (${NAME_RULE}), got ${describe(name)}`);
    } else if (name === NS) {
      d.at([...path, i], `platform.endpoints: '${NS}' is the normal-world kernel, always present; list only secure endpoints`);
    } else if (endpoints.includes(name)) {
      d.at([...path, i], `platform.endpoints: endpoint '${name}' is listed twice`);
    } else {
      endpoints.push(name);
    }
  });
  return endpoints;
}

function parseDevices(d: Diagnostics, value: unknown, path: DataPath, bounce: string[]): Record<string, DeviceTrust> {
  if (!isRecord(value)) {
    d.at(path, `platform.devices: expected a map of device name to secure or normal, e.g. {vdec: secure}, got ${describe(value)}`);
    return { ...DEFAULT_PLATFORM.devices };
  }
  const devices: Record<string, DeviceTrust> = {};
  for (const [name, trust] of Object.entries(value)) {
    if (!NAME_PATTERN.test(name)) {
      d.atKey(path, name, `platform.devices: expected a device name (${NAME_RULE}), got '${name}'`);
    } else if (typeof trust === 'string' && (DEVICE_TRUST as readonly string[]).includes(trust)) {
      devices[name] = trust as DeviceTrust;
    } else if (isRecord(trust)) {
      // The long form: `{stream: secure|normal, bounce: true|false}`.
      const at = [...path, name];
      checkKeys(d, trust, at, DEVICE_KEYS, `platform.devices.${name}`);
      const stream = own(trust, 'stream');
      if (typeof stream === 'string' && (DEVICE_TRUST as readonly string[]).includes(stream)) devices[name] = stream as DeviceTrust;
      else if (!has(trust, 'stream')) d.at(at, `platform.devices.${name} is missing 'stream': expected secure or normal`);
      else d.at([...at, 'stream'], `platform.devices.${name}.stream: expected secure (stream authorised for protected memory) or normal, got ${describe(stream)}`);
      if (has(trust, 'bounce')) {
        const b = own(trust, 'bounce');
        if (typeof b !== 'boolean') d.at([...at, 'bounce'], `platform.devices.${name}.bounce: expected true (swiotlb bounce buffering) or false, got ${describe(b)}`);
        else if (b) bounce.push(name);
      }
    } else {
      d.at([...path, name], `platform.devices.${name}: expected secure (stream authorised for protected memory), normal, or {stream: secure|normal, bounce: true|false}, got ${describe(trust)}`);
    }
  }
  return devices;
}
