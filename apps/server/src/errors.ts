// The server's one error base: an HTTP status and a stable code the client can act on.

export class ConsoleError extends Error {
  override name = 'ConsoleError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

export const notFound = (code: string, message: string) => new ConsoleError(404, code, message);
export const badRequest = (code: string, message: string) => new ConsoleError(400, code, message);
export const conflict = (code: string, message: string) => new ConsoleError(409, code, message);
export const gone = (code: string, message: string) => new ConsoleError(410, code, message);
