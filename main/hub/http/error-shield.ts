// Last line of defence for our own middleware: a client sees a short error in the format the
// endpoint speaks, never a stack trace, and the hub keeps serving.
import type { Middleware } from 'koa';
import type { Logger } from '../log.ts';
import { BodyError } from './body.ts';

export function errorShield(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const status = error instanceof BodyError ? error.status : Number((error as { status?: number }).status) || 500;
      if (status >= 500) logger.error({ err: error, path: ctx.path }, 'request failed');
      ctx.status = status;
      if (error instanceof BodyError) ctx.set('Connection', 'close'); // the rest of the body is not read
      ctx.set('Cache-Control', 'no-store');
      const description = status < 500 && error instanceof Error ? error.message : 'The hub could not handle this request.';
      ctx.body = { error: status >= 500 ? 'server_error' : 'invalid_request', error_description: description };
    }
  };
}
