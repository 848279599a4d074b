// HTTP plumbing shared by the gateway's routes. Nothing here knows GoTrue or PostgREST.

export const JSON_TYPE = 'application/json; charset=utf-8';

export interface ParsedRequest {
  request: Request;
  url: URL;
  method: string;
  /** The pathname without trailing slashes, as Kong routes it. */
  path: string;
}

/** Accepts whatever supabase-js hands to `fetch` (a URL, a string or a Request, plus init). */
export function parseRequest(input: string | URL | Request, init?: RequestInit): ParsedRequest {
  const request = new Request(input, init);
  const url = new URL(request.url);
  return { request, url, method: request.method.toUpperCase(), path: url.pathname.replace(/\/+$/, '') || '/' };
}

/** Both services treat an empty (or blank) body as `{}`. Throws on invalid JSON; callers shape that error. */
export function parseJsonBody(text: string): unknown {
  return text.trim() === '' ? {} : JSON.parse(text);
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_TYPE, ...headers } });
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

export function notSupported(method: string, route: string): Response {
  return jsonResponse(501, { message: `the local backend does not support ${method} ${route}` });
}

/** For error bodies: anything thrown, as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
