/**
 * electron-builder.yml checked here, where installers cannot be built (no Electron binary): against
 * electron-builder's own JSON schema, and for the fuses and the files list we promise in the README.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("validates against electron-builder's own schema", () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a broken config, so the check above can fail', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ ...config, asar: 'maybe', nonsense: true })).toBe(false);
  });

  it('sets every fuse the way a hardened app should', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('packages only the built output and the manifest', () => {
    const files = config.files as string[];
    const included = files.filter((pattern) => !pattern.startsWith('!'));
    expect(included.sort()).toEqual(['out/**/*', 'package.json']);
  });

  it('builds for every desktop platform, with a hardened macOS runtime', () => {
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.mac as { target: string[]; hardenedRuntime: boolean }).hardenedRuntime).toBe(
      true,
    );
    expect(readFileSync((config.mac as { entitlements: string }).entitlements, 'utf8')).toContain(
      'com.apple.security.cs.allow-jit',
    );
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
  });

  it('keeps electron out of the runtime dependencies, as electron-builder requires', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      main: string;
    };
    expect(manifest.dependencies.electron).toBeUndefined();
    expect(manifest.devDependencies.electron).toMatch(/^4[5-9]\./);
    expect(manifest.main).toBe('out/main/index.js');
  });
});
