import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

// Long enough for the client to read the answer before the close: closing a connection with
// unread data resets it, and a reset can discard an answer the client has not read yet.
const GRACE_MS = 500;

/**
 * For a refusal that leaves the request body unread (over a size limit or quota): the answer goes
 * out with `Connection: close`, and the connection is cut shortly after instead of the server
 * reading (and discarding) whatever the client still sends.
 */
export function closeAfterAnswer(request: FastifyRequest, reply: FastifyReply): void {
  const socket = request.raw.socket;
  reply.header('connection', 'close');
  reply.raw.once('finish', () => {
    setTimeout(() => socket.destroy(), GRACE_MS).unref();
  });
}

/** Runs a handler that reads an upload; when it is refused over a limit (413), the connection closes after the answer. */
export async function closingOverLimit<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  readUpload: () => Promise<T>,
): Promise<T> {
  try {
    return await readUpload();
  } catch (error) {
    if (error instanceof AppError && error.status === 413) closeAfterAnswer(request, reply);
    throw error;
  }
}
