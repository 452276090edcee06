/** A bounded pool for concurrent requests, and a memo so each key is fetched once. */
export class Pool {
  private active = 0
  private waiting: Array<{ go: () => void; priority: number; seq: number }> = []
  private seq = 0
  constructor(private readonly size: number) {}

  /**
   * Run `f` when a slot is free. Higher `priority` goes first (ties in arrival order): the
   * resolver gives deeper nodes higher priority, so the longest chain is not stuck behind leaves.
   */
  async run<T>(f: () => Promise<T>, priority = 0): Promise<T> {
    if (this.active >= this.size) {
      await new Promise<void>((go) => {
        const w = { go, priority, seq: this.seq++ }
        let i = this.waiting.length
        while (i > 0 && (this.waiting[i - 1].priority < priority)) i--
        this.waiting.splice(i, 0, w)
      })
    }
    this.active++
    try {
      return await f()
    } finally {
      this.active--
      this.waiting.shift()?.go()
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
