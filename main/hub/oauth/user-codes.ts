// User codes of the device flow (RFC 8628 §6.1): 8 letters from a 20-letter alphabet without
// vowels, shown as XXXX-XXXX, stored normalized (upper case, no separators) as oidc-provider does.
export const USER_CODE_CHARSET = 'base-20';
export const USER_CODE_MASK = '****-****';

/** What oidc-provider stores and looks up: upper case, word characters only. */
export const normalizeUserCode = (input: string): string => input.toUpperCase().replace(/\W/g, '');

/** The code as people see it on the device: the stored form put back into the mask. */
export function formatUserCode(normalized: string): string {
  const chars = normalized.split('');
  return USER_CODE_MASK.split('').map((place) => (place === '*' ? (chars.shift() ?? '') : place)).join('') + chars.join('');
}
