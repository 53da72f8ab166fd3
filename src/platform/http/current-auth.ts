import type { FastifyRequest } from 'fastify';
import type { Authentication } from '../auth/sessions.js';
import { Errors } from '../errors.js';

/** The signed-in account of a route that declared one (the guard has run: it is always there). */
export function currentAuth(request: FastifyRequest): Authentication {
  if (!request.auth) throw Errors.unauthenticated();
  return request.auth;
}
