/** Who acts: a visitor, an organisation account, a provider operator, or the system itself. */
export type Actor =
  | { type: 'anonymous' }
  | { type: 'user'; id: string; org: string; role: 'admin' | 'general' }
  /** `rights`: the provider rights the operator holds (set by the session lookup; none when absent). */
  | { type: 'operator'; id: string; rights?: readonly string[] }
  | { type: 'system'; id: string };

export const ANONYMOUS: Actor = { type: 'anonymous' };

export function systemActor(id: string): Actor {
  return { type: 'system', id };
}

export function actorId(actor: Actor): string | null {
  return actor.type === 'anonymous' ? null : actor.id;
}
