/**
 * Which GitHub a server URL is: github.com, a GHE.com subdomain, or a GitHub Enterprise Server,
 * and where its REST API is. Small and without dependencies, so that reading the run's context
 * does not load the OIDC verifier or the network stack.
 */

/** `octocorp` for `octocorp.ghe.com` (GHE.com, GitHub Enterprise Cloud with data residency). */
export function gheComSubdomain(serverUrl: string): string | undefined {
  let host: string
  try {
    host = new URL(serverUrl).hostname.toLowerCase()
  } catch {
    return undefined
  }
  return /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.ghe\.com$/.exec(host)?.[1]
}

/**
 * The REST API of a server when `GITHUB_API_URL` does not say: `https://api.github.com`,
 * `https://api.SUBDOMAIN.ghe.com` on GHE.com, `https://HOST/api/v3` on GitHub Enterprise Server.
 */
export function defaultApiUrl(serverUrl: string): string {
  let u: URL
  try {
    u = new URL(serverUrl)
  } catch {
    return 'https://api.github.com'
  }
  if (u.hostname.toLowerCase() === 'github.com') return 'https://api.github.com'
  const sub = gheComSubdomain(serverUrl)
  if (sub) return `https://api.${sub}.ghe.com`
  return `${u.origin}/api/v3`
}
