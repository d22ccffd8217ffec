// The desktop settings file in the profile folder: defaults per platform, validated reads,
// and the "last working" settings the way back after a failure is built on.
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { defaultDesktopSettings, openDesktopSettings } from '../../main/electron/desktop-settings.ts';
import { tempDir } from '../hub/tls/helpers.ts';

describe('desktop settings store', () => {
  it('starts on loopback; closing the window asks on Linux (the tray may not show) and hides elsewhere', () => {
    expect(defaultDesktopSettings('linux')).toEqual({ listen: 'loopback', certificate: null, insecureHttp: false, dataDir: null, closeAction: 'ask' });
    expect(defaultDesktopSettings('win32').closeAction).toBe('hide');
    expect(defaultDesktopSettings('darwin').closeAction).toBe('hide');
  });

  it('falls back to the defaults when the file is corrupt, and refuses to save invalid settings', async () => {
    const dir = await tempDir();
    await writeFile(`${dir}/desktop-settings.json`, '{"settings":{"listen":"everywhere"}}');
    const store = openDesktopSettings(dir, 'linux');
    expect(store.read()).toEqual(defaultDesktopSettings('linux'));
    expect(() => store.save({ ...store.read(), listen: 'everywhere' as never })).toThrow();
  });

  it('remembers the last settings the hub ran with, ignoring the close action', async () => {
    const dir = await tempDir();
    const store = openDesktopSettings(dir, 'win32');
    expect(store.lastWorking()).toBeNull();
    store.markWorking();
    store.save({ ...store.read(), closeAction: 'quit' });
    expect(store.lastWorking()).toBeNull(); // the hub would run the same
    store.save({ ...store.read(), listen: 'lan-https' });
    expect(store.lastWorking()).toMatchObject({ listen: 'loopback' });
    store.markWorking();
    expect(store.lastWorking()).toBeNull();
    expect(JSON.parse(await readFile(store.path, 'utf8'))).toMatchObject({ settings: { listen: 'lan-https', closeAction: 'quit' }, lastWorking: { listen: 'lan-https' } });
  });
});
