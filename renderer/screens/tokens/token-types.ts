// How the console names and colours the three kinds of live token.
import type { TokenType } from '../../../shared/admin-contract.ts';

/** Keys of the shared catalogs. */
export const TYPE_LABEL: Record<TokenType, `console.tokenTypes.${TokenType}`> = { access_token: 'console.tokenTypes.access_token', client_credentials: 'console.tokenTypes.client_credentials', refresh_token: 'console.tokenTypes.refresh_token' };
export const TYPE_COLOR: Record<TokenType, string> = { access_token: 'teal', client_credentials: 'orange', refresh_token: 'grape' };
