// Reads small request bodies with a hard size limit; oversized or malformed bodies are the
// caller's 4xx, never a crash. Sized and chunked bodies get the same limit and the same
// answer: reading stops at the limit without destroying the request, so the connection
// (and Koa's view of it, such as ctx.ip) is still there to carry the 4xx; callers close it
// afterwards (Connection: close) rather than read the rest.
import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'BodyError';
    this.status = status;
  }
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyError(413, `The request body is larger than ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req.iterator({ destroyOnReturn: false })) {
    received += (chunk as Buffer).length;
    if (received > limit) throw new BodyError(413, `The request body is larger than ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, received);
}

export async function readForm(req: IncomingMessage, limit = 16 * 1024): Promise<Record<string, string>> {
  const params = new URLSearchParams((await readBody(req, limit)).toString('utf8'));
  const form: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in form) throw new BodyError(400, `The parameter "${key}" must not be repeated.`);
    form[key] = value;
  }
  return form;
}

export async function readJson(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  const text = (await readBody(req, limit)).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
}
