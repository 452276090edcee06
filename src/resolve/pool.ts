/** A bounded pool for concurrent requests, and a memo so each key is fetched once. */
export class Pool {
  private active = 0
  private waiting: Array<() => void> = []
  constructor(private readonly size: number) {}

  async run<T>(f: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((r) => this.waiting.push(r))
    this.active++
    try {
      return await f()
    } finally {
      this.active--
      this.waiting.shift()?.()
    }
  }
}

export class Memo<T> {
  private readonly m = new Map<string, Promise<T>>()
  get(key: string, f: () => Promise<T>): Promise<T> {
    let p = this.m.get(key)
    if (!p) {
      p = f()
      this.m.set(key, p)
    }
    return p
  }
  get size(): number {
    return this.m.size
  }
}
