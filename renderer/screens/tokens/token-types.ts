// How the console names and colours the three kinds of live token.
import type { TokenType } from '../../../shared/admin-contract.ts';

export const TYPE_LABEL: Record<TokenType, string> = { access_token: 'access', client_credentials: 'client credentials', refresh_token: 'refresh' };
export const TYPE_COLOR: Record<TokenType, string> = { access_token: 'teal', client_credentials: 'orange', refresh_token: 'grape' };
