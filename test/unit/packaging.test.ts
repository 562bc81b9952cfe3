/**
 * electron-builder.yml checked here, where installers cannot be built (no Electron binary): against
 * electron-builder's own JSON schema, and for the fuses and the files list we promise in the README.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

/**
 * The checks electron-builder makes before it writes a .deb or .rpm (a homepage, and a maintainer: an
 * author email or linux.maintainer), run here through app-builder-lib's own code, since `npm run dist`
 * cannot run without the Electron binary. The homepage must be stated: the fallback to the git remote
 * is left out (repositoryInfo null), as a fresh clone or a CI copy may have none.
 */
describe("electron-builder's metadata checks for the Linux packages", () => {
  type Metadata = Record<string, unknown>;
  type ThisFor<F> = F extends (this: infer T, ...args: never[]) => unknown ? T : never;
  const builderLib = path.dirname(require.resolve('app-builder-lib/package.json'));
  const load = <T>(file: string): T => require(path.join(builderLib, 'out', file)) as T;

  const { readPackageJson, checkMetadata } = load<{
    readPackageJson(file: string): Promise<Metadata>;
    checkMetadata(metadata: Metadata, dev: Metadata, file: string, devFile: string): void;
  }>('util/packageMetadata.js');
  const fpm = load<{
    default: {
      prototype: {
        computeFpmMetaInfoOptions(this: {
          packager: { appInfo: unknown; info: unknown };
          options: Record<string, unknown>;
        }): Promise<{ maintainer: string; url: string; vendor: string }>;
      };
    };
  }>('targets/FpmTarget.js').default;
  const { AppInfo } = load<{
    AppInfo: { prototype: { computePackageUrl(this: unknown): Promise<string | null> } };
  }>('appInfo.js');
  const { authorEmailIsMissed } = load<{ authorEmailIsMissed: string }>('errorMessages.js');

  async function readManifest(change?: (manifest: Metadata) => void): Promise<Metadata> {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Metadata;
    change?.(manifest);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'runnel-packaging-')), 'package.json');
    writeFileSync(file, JSON.stringify(manifest));
    return readPackageJson(file);
  }

  /** What FpmTarget asks of the packager before it builds a deb or rpm (see its constructor). */
  function linuxPackageInfo(target: 'deb' | 'rpm', metadata: Metadata, linux = config.linux) {
    const info = { metadata, repositoryInfo: Promise.resolve(null) };
    const appInfo = {
      linuxPackageName: metadata.name,
      computePackageUrl: () =>
        AppInfo.prototype.computePackageUrl.call({ info, notNullDevMetadata: metadata }),
    };
    const self: ThisFor<typeof fpm.prototype.computeFpmMetaInfoOptions> = {
      packager: { appInfo, info },
      options: { ...(linux as object), ...(config[target] as object | undefined) },
    };
    return fpm.prototype.computeFpmMetaInfoOptions.call(self);
  }

  it('accepts package.json as electron-builder reads it', async () => {
    const metadata = await readManifest();
    expect(() => checkMetadata(metadata, metadata, 'package.json', 'package.json')).not.toThrow();
    expect(metadata.description).toEqual(expect.stringMatching(/\w/));
  });

  it.each(['deb', 'rpm'] as const)(
    'finds a maintainer with an email and a homepage for %s',
    async (target) => {
      const metadata = await readManifest();
      const meta = await linuxPackageInfo(target, metadata);
      expect(meta.maintainer).toMatch(/^[^<>]+ <[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>$/);
      expect(meta.url).toMatch(/^https:\/\//);
      expect(meta.url).toBe(metadata.homepage);
    },
  );

  it('fails, as electron-builder would, without a homepage', async () => {
    const metadata = await readManifest((manifest) => delete manifest.homepage);
    await expect(linuxPackageInfo('deb', metadata)).rejects.toThrow(
      'Please specify project homepage',
    );
  });

  it('fails, as electron-builder would, without an author email or linux.maintainer', async () => {
    const metadata = await readManifest((manifest) => {
      manifest.author = 'Runnel developers';
    });
    const { maintainer: _dropped, ...linux } = config.linux as Record<string, unknown>;
    await expect(linuxPackageInfo('deb', metadata, linux)).rejects.toThrow(authorEmailIsMissed);
  });

  it('fails, as electron-builder would, without a version', async () => {
    const metadata = await readManifest((manifest) => delete manifest.version);
    expect(() => checkMetadata(metadata, metadata, 'package.json', 'package.json')).toThrow(
      "Please specify 'version'",
    );
  });
});
