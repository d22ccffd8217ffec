// How long things live, where no per-application setting says otherwise. Seconds.
export const HOUR = 3600;
export const DAY = 24 * HOUR;

/** Access tokens of applications that set no lifetime of their own. */
export const DEFAULT_ACCESS_TOKEN_TTL = HOUR;
/** Refresh tokens of applications that set no lifetime of their own. */
export const DEFAULT_REFRESH_TOKEN_TTL = 14 * DAY;
/** A browser's sign-in at the hub (the provider's Session). */
export const SESSION_TTL = 14 * DAY;
/** The console's own client: short access tokens, a working day of refresh. */
export const CONSOLE_ACCESS_TOKEN_TTL = 15 * 60;
export const CONSOLE_REFRESH_TOKEN_TTL = 8 * HOUR;
/** The account page's sign-in: it asks for the password (and second factor) again after this. */
export const ACCOUNT_SESSION_TTL = 30 * 60;
