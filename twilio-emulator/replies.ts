import type http from 'node:http';

/** Answers shaped like Twilio's: JSON, and errors with Twilio's error code and more_info link. */

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function twilioError(res: http.ServerResponse, status: number, code: number, message: string): void {
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export function notFound(res: http.ServerResponse, path: string): void {
  twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
}
