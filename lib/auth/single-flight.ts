/** At most one run of the work per key at a time: callers that arrive during a run share its promise. */
export class SingleFlight<K, V> {
  readonly #flights = new Map<K, Promise<V>>();

  run(key: K, work: () => Promise<V>): Promise<V> {
    let flight = this.#flights.get(key);
    if (!flight) {
      flight = work().finally(() => this.#flights.delete(key));
      this.#flights.set(key, flight);
    }
    return flight;
  }
}
