import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalUrl, isAppUrl, resolveAppFile } from '../../main/electron/app-origin.ts';

const root = path.resolve('/opt/lanyard/dist/renderer');

describe('app:// origin', () => {
  it('recognises only app://console', () => {
    expect(isAppUrl('app://console/index.html#/clients')).toBe(true);
    expect(isAppUrl('app://console/')).toBe(true);
    for (const url of ['app://consolex/', 'app://evil/', 'http://console/', 'file:///index.html', 'app://user:pw@console/', 'not a url']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('maps requests into the renderer folder and refuses escapes', () => {
    expect(resolveAppFile(root, 'app://console/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://console/assets/index-abc.js?v=1')).toBe(path.join(root, 'assets/index-abc.js'));
    expect(resolveAppFile(root, 'app://console/assets/a%20b.css')).toBe(path.join(root, 'assets/a b.css'));
    // The URL parser resolves dot segments itself, so these stay inside the root.
    expect(resolveAppFile(root, 'app://console/%2e%2e/%2e%2e/secret')).toBe(path.join(root, 'secret'));
    expect(resolveAppFile(root, 'app://console/../../etc/passwd')).toBe(path.join(root, 'etc/passwd'));
    for (const url of ['app://console/..%2F..%2Fetc%2Fpasswd', 'app://console/%E0%A4%A', 'app://console/a%00b', 'app://other/index.html']) {
      expect(resolveAppFile(root, url), url).toBeNull();
    }
  });

  it('lets only plain http(s) links out to the OS browser', () => {
    expect(externalUrl('https://example.org/docs')).toBe('https://example.org/docs');
    expect(externalUrl('http://192.168.1.10:8080/console/')).toBe('http://192.168.1.10:8080/console/');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.org/', 'app://console/']) {
      expect(externalUrl(url), url).toBeNull();
    }
  });
});
