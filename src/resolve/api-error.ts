/**
 * The error every GitHub API request of the gate fails with (./github.ts). Apart from the client,
 * so that what only tells failures apart does not load it.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly url: string,
    /** True when trying again later may succeed (5xx, rate limit, network). */
    readonly transient: boolean,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}
