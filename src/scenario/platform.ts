/**
 * The `platform` block of a scenario (SPEC section 2 knobs, snake_case as written), checked into a
 * model Platform. Omitted knobs take DEFAULT_PLATFORM's values.
 */
import type { DeviceTrust, Platform, Region } from '../../model/platform.ts';
import { DEFAULT_PLATFORM, HYPERVISORS, NS, REGIONS, SPMCS } from '../../model/platform.ts';
import type { InputError } from '../input/errors.ts';
import type { DataPath, SourceDocument } from '../input/source.ts';

const KNOBS = [
  'hypervisor',
  'spmc',
  'secure_protects_on_lend',
  'secure_clears_on_relinquish',
  'can_set_direct_map',
  'pages',
  'endpoints',
  'devices',
] as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Checks `value` (found at `path`) as a platform block; errors are appended to `errors`. */
export function checkPlatform(doc: SourceDocument, path: DataPath, value: unknown, errors: InputError[]): Platform {
  if (value === undefined || value === null) return DEFAULT_PLATFORM;
  if (!isRecord(value)) {
    errors.push(doc.error(path, 'platform must be a mapping of knobs'));
    return DEFAULT_PLATFORM;
  }
  for (const key of Object.keys(value)) {
    if (!(KNOBS as readonly string[]).includes(key)) {
      errors.push(doc.error([...path, key], `unknown platform knob '${key}' (expected one of ${KNOBS.join(', ')})`));
    }
  }
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = value[key];
    if (v === undefined) return fallback;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    errors.push(doc.error([...path, key], `${key} must be one of ${allowed.join(', ')}`));
    return fallback;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const v = value[key];
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    errors.push(doc.error([...path, key], `${key} must be true or false`));
    return fallback;
  };
  return {
    hypervisor: oneOf('hypervisor', HYPERVISORS, DEFAULT_PLATFORM.hypervisor),
    spmc: oneOf('spmc', SPMCS, DEFAULT_PLATFORM.spmc),
    secureProtectsOnLend: flag('secure_protects_on_lend', DEFAULT_PLATFORM.secureProtectsOnLend),
    secureClearsOnRelinquish: flag('secure_clears_on_relinquish', DEFAULT_PLATFORM.secureClearsOnRelinquish),
    canSetDirectMap: flag('can_set_direct_map', DEFAULT_PLATFORM.canSetDirectMap),
    pages: checkPages(doc, [...path, 'pages'], value['pages'], errors),
    endpoints: checkEndpoints(doc, [...path, 'endpoints'], value['endpoints'], errors),
    devices: checkDevices(doc, [...path, 'devices'], value['devices'], errors),
  };
}

function checkPages(doc: SourceDocument, path: DataPath, value: unknown, errors: InputError[]): Platform['pages'] {
  if (value === undefined) return DEFAULT_PLATFORM.pages;
  if (!isRecord(value)) {
    errors.push(doc.error(path, `pages must map regions (${REGIONS.join(', ')}) to page counts, e.g. {system: 2}`));
    return DEFAULT_PLATFORM.pages;
  }
  const pages: Partial<Record<Region, number>> = {};
  for (const [region, count] of Object.entries(value)) {
    if (!(REGIONS as readonly string[]).includes(region)) {
      errors.push(doc.error([...path, region], `unknown region '${region}' (expected one of ${REGIONS.join(', ')})`));
    } else if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 64) {
      errors.push(doc.error([...path, region], `page count for ${region} must be an integer from 0 to 64`));
    } else {
      pages[region as Region] = count;
    }
  }
  return pages;
}

function checkEndpoints(doc: SourceDocument, path: DataPath, value: unknown, errors: InputError[]): readonly string[] {
  if (value === undefined) return DEFAULT_PLATFORM.endpoints;
  if (!Array.isArray(value)) {
    errors.push(doc.error(path, 'endpoints must be a list of secure endpoint names, e.g. [v1, v2]'));
    return DEFAULT_PLATFORM.endpoints;
  }
  const endpoints: string[] = [];
  value.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || !NAME.test(name)) {
      errors.push(doc.error([...path, i], 'an endpoint name must be an identifier'));
    } else if (name === NS) {
      errors.push(doc.error([...path, i], `'${NS}' is the normal-world kernel and is always an endpoint; list only secure endpoints`));
    } else if (endpoints.includes(name)) {
      errors.push(doc.error([...path, i], `endpoint '${name}' is declared twice`));
    } else {
      endpoints.push(name);
    }
  });
  return endpoints;
}

function checkDevices(doc: SourceDocument, path: DataPath, value: unknown, errors: InputError[]): Platform['devices'] {
  if (value === undefined) return DEFAULT_PLATFORM.devices;
  if (!isRecord(value)) {
    errors.push(doc.error(path, 'devices must map device names to secure or normal'));
    return DEFAULT_PLATFORM.devices;
  }
  const devices: Record<string, DeviceTrust> = {};
  for (const [name, trust] of Object.entries(value)) {
    if (trust === 'secure' || trust === 'normal') devices[name] = trust;
    else errors.push(doc.error([...path, name], `device ${name} must be secure or normal`));
  }
  return devices;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
