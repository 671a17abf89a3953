/** Every item of an AsyncIterable (bounded: a runaway iterable fails the test instead of hanging it). */
export async function collect<T>(iterable: AsyncIterable<T>, max = 1000): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
    if (items.length > max) throw new Error(`more than ${max} items`);
  }
  return items;
}
