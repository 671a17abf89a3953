/** The calls every contender makes, so they all do the same work. */
export const USER_ID = 42;
export const QUERY = 'active users';
export const NEW_USER = { name: 'Grace Hopper', email: 'grace@example.com', roles: ['admin'] };

/** What the server answers to GET /users/42?q=active%20users (checked once per contender before timing). */
export function isExpectedUser(value: unknown): boolean {
  const user = value as { id?: unknown; q?: unknown; name?: unknown } | undefined;
  return user?.id === String(USER_ID) && user.q === QUERY && user.name === 'Ada Lovelace';
}

export function isCreatedUser(value: unknown): boolean {
  return (value as { name?: unknown } | undefined)?.name === NEW_USER.name;
}

/** The ~200-byte JSON body the instant adapter answers with, as the server would. */
export const INSTANT_BODY = Buffer.from(
  JSON.stringify({
    id: String(USER_ID),
    name: 'Ada Lovelace',
    q: QUERY,
    email: 'user2@example.com',
    active: true,
    roles: ['reader'],
    note: 'x'.repeat(96),
  }),
);
