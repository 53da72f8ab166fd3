import type { FastifyReply, FastifyRequest } from 'fastify';

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
