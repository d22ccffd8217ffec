// A tiny cookie-keeping HTTP user agent that drives the hub's HTML forms the way a browser
// without JavaScript would: follow redirects inside the hub, fill forms, stop at the client.
export type Page = { status: number; url: string; html: string; location: string | null };

export class FormBrowser {
  readonly jar = new Map<string, string>();
  readonly hubOrigin: string;
  /** Redirects to these prefixes are the client's, even on the hub's origin (the console). */
  readonly clientPrefixes: string[];
  constructor(hubOrigin: string, clientPrefixes: string[] = []) {
    this.hubOrigin = hubOrigin;
    this.clientPrefixes = clientPrefixes;
  }

  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Page> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.jar.size) headers.cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(cookie) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const location = response.headers.get('location');
    return { status: response.status, url, html: await response.text(), location: location ? new URL(location, url).href : null };
  }

  /** Follows redirects while they stay on the hub; returns the page, or the URL it left to. */
  async follow(url: string, init?: { form?: Record<string, string>; headers?: Record<string, string> }): Promise<Page> {
    let page = await this.request(url, init);
    let hops = 0;
    const onHub = (location: string) => location.startsWith(this.hubOrigin) && !this.clientPrefixes.some((prefix) => location.startsWith(prefix));
    while (page.location && page.status >= 300 && page.status < 400 && onHub(page.location)) {
      if (++hops > 10) throw new Error(`too many redirects, last: ${page.location}`);
      page = await this.request(page.location);
    }
    return page;
  }

  static csrf(html: string): string {
    const match = /name="csrf" value="([^"]+)"/.exec(html);
    if (!match) throw new Error(`no CSRF token on the page:\n${html.slice(0, 500)}`);
    return match[1]!;
  }

  static action(html: string, suffix: string): string {
    const match = new RegExp(`action="([^"]*${suffix})"`).exec(html);
    if (!match) throw new Error(`no form ending in ${suffix}`);
    return match[1]!;
  }

  /** Logs in on the hub's login page and, if asked, answers the consent page. */
  async authorize(authorizationUrl: string, credentials: { username: string; password: string }, decision: 'allow' | 'deny' = 'allow'): Promise<{ finalUrl: string; sawConsent: boolean; loginPage: Page }> {
    const loginPage = await this.follow(authorizationUrl);
    if (loginPage.location) return { finalUrl: loginPage.location, sawConsent: false, loginPage };
    if (!loginPage.html.includes('action="/interaction/')) throw new Error(`expected the login page, got ${loginPage.status}:\n${loginPage.html.slice(0, 800)}`);
    const afterLogin = await this.follow(new URL(FormBrowser.action(loginPage.html, '/login'), this.hubOrigin).href, {
      form: { csrf: FormBrowser.csrf(loginPage.html), username: credentials.username, password: credentials.password },
    });
    if (afterLogin.location) return { finalUrl: afterLogin.location, sawConsent: false, loginPage: afterLogin };
    if (!afterLogin.html.includes('/consent"')) throw new Error(`expected the consent page, got ${afterLogin.status}:\n${afterLogin.html.slice(0, 800)}`);
    const afterConsent = await this.follow(new URL(FormBrowser.action(afterLogin.html, '/consent'), this.hubOrigin).href, {
      form: { csrf: FormBrowser.csrf(afterLogin.html), decision },
    });
    if (!afterConsent.location) throw new Error(`expected a redirect to the client, got ${afterConsent.status}:\n${afterConsent.html.slice(0, 800)}`);
    return { finalUrl: afterConsent.location, sawConsent: true, loginPage: afterLogin };
  }
}
