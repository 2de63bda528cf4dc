import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Requests Node refuses before Koa sees them (an address or headers over Node's 16 KB,
 * a request line that is not HTTP, a client too slow to send its headers) were answered
 * with a bare status line. They get Strapi's JSON envelope with a French message, like every
 * other refusal, and the connection is closed (Node's own rule for a request it could not
 * parse). Node documents this hook: https://nodejs.org/api/http.html#event-clienterror
 */

/** The answer for a parser error code (`HPE_*`): status and what a member reads. */
export function clientErrorAnswer(code: string | undefined): { status: number; message: string } {
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, message: 'Adresse ou en-têtes de la requête trop longs : raccourcissez la recherche ou le lien.' };
  if (code === 'HPE_HEADERS_TIMEOUT' || code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, message: 'Requête trop lente à arriver : réessayez.' };
  return { status: 400, message: 'Requête illisible.' };
}

/** Answers `server`'s client errors in the envelope (see the module doc). */
export function answerClientErrorsInFrench(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { _httpMessage?: { headersSent?: boolean } }) => {
    // Node's own guard: nothing to say on a reset connection or after an answer has started.
    if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, message } = clientErrorAnswer(error.code);
    const body = JSON.stringify({ data: null, error: { status, name: status === 400 ? 'BadRequestError' : 'HttpError', message, details: {} } });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
