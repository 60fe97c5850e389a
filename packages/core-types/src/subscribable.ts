/**
 * Minimal observer/observable shapes, structurally compatible with rxjs `Observable` and `Subscription`,
 * so ports can carry streams without core-types depending on rxjs.
 */
export interface Observer<T> {
  next(value: T): void;
  error(err: unknown): void;
  complete(): void;
}
/** A handle that stops a subscription and releases its resources. */
export interface Unsubscribable {
  unsubscribe(): void;
}
/** Anything that can be subscribed to (an rxjs `Observable<T>` qualifies). */
export interface Subscribable<T> {
  subscribe(observer: Partial<Observer<T>>): Unsubscribable;
}
