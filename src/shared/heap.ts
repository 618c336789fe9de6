// A binary min-heap over an array, for k-way merges: the item at the top is the least by `before`.

export class MinHeap<T> {
  private readonly items: T[];

  constructor(
    items: readonly T[],
    /** Whether `a` comes strictly before `b`. */
    private readonly before: (a: T, b: T) => boolean,
  ) {
    this.items = [...items];
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  get size(): number {
    return this.items.length;
  }

  /** The least item; undefined when the heap is empty. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Restores the order after the top item's key has grown (a merge moved that run on). */
  topChanged(): void {
    this.siftDown(0);
  }

  /** Removes the least item. */
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(from: number): void {
    const items = this.items;
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) return;
      const right = left + 1;
      const child = right < items.length && this.before(items[right], items[left]) ? right : left;
      if (!this.before(items[child], items[i])) return;
      [items[i], items[child]] = [items[child], items[i]];
      i = child;
    }
  }
}
