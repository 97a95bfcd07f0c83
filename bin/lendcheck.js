#!/usr/bin/env node
// lendcheck from the TypeScript sources through tsx, for development (the package's `bin` is the
// build, dist/src/bin.js, made by `npm run build` and by `npm ci` through `prepare`).
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
