/**
 * Bounded concurrency: run `fn` over items with at most `limit` in flight, results in input order.
 * On the first failure no new item starts; the ones already running finish (their outcome is not
 * lost in a half-done state), then the first error is thrown.
 */
export async function mapWithLimit<T, R>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const list = [...items];
  const results = new Array<R>(list.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < list.length) {
      const index = next++;
      try {
        results[index] = await fn(list[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, () => worker()));
  if (failure) throw failure.error;
  return results;
}
