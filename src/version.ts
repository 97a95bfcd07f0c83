/** lendcheck's version, in one place: `--version`, the reports' `version` field, and package.json (a test keeps them equal). */
export const VERSION = '0.2.0';
