import packageJson from '../../package.json';

/** The package version, bundled in at build time so the CLI needs no file access to know it. */
export const cliVersion: string = packageJson.version;
