/**
 * The job's OIDC token, minted with a gate-specific audience. Its claims are signed by
 * GitHub, so they are preferred to environment variables a step could have changed: inside a
 * reusable workflow, `job_workflow_ref` names the file that defines the running job, while
 * `GITHUB_WORKFLOW_REF` names the caller. The signature is checked against the keys of the
 * issuer pinned by the server the run is on (github.com, a GHE.com subdomain, or a GitHub
 * Enterprise Server; never the token's own `iss`, which may only name that issuer or the
 * enterprise's custom issuer under it), with audience, expiry, repository and commit held
 * against the run; claims that do not verify are never used. The token itself is never
 * printed or stored.
 */
import { createPublicKey, verify } from 'node:crypto'
import type { JsonWebKey } from 'node:crypto'
import { get } from './http.js'
import { gheComSubdomain } from './hosts.js'

export { defaultApiUrl, gheComSubdomain } from './hosts.js'

export const GATE_AUDIENCE = 'release-gate'

export interface Claims {
  iss?: string
  aud?: string
  exp?: number
  nbf?: number
  sha?: string
  repository?: string
  ref?: string
  ref_protected?: string
  event_name?: string
  environment?: string
  job_workflow_ref?: string
  job_workflow_sha?: string
  workflow_ref?: string
  workflow_sha?: string
  runner_environment?: string
  [k: string]: unknown
}

export interface IdToken {
  claims: Claims
  /** Always true: claims whose signature does not verify are never returned. */
  verified: true
}

/**
 * The ID token cannot be trusted: the request URL is not the runner's, or the token does not
 * verify against the pinned issuer's keys, or its claims are not this run's. A blocking result:
 * someone inside the job is handing the gate forged claims.
 */
export class TamperError extends Error {}

/** What the run itself says, to hold the claims against. */
export interface Expect {
  /** `GITHUB_SERVER_URL`: github.com, a GHE.com subdomain, or a GitHub Enterprise Server. */
  serverUrl: string
  /** `GITHUB_REPOSITORY` and `GITHUB_SHA`. */
  repository?: string
  sha?: string
  /** Seconds since the epoch; for tests. */
  now?: number
  /**
   * For tests only: where a request for a URL is really sent (a loopback server standing in
   * for GitHub's hosts). Every check is made on the URL as named; only the connection moves.
   * The action never sets it, and nothing in the environment can.
   */
  route?: (url: URL) => string
}


/**
 * The issuer the keys are fetched from, pinned by the server the run is on, never read from
 * the token: `https://token.actions.githubusercontent.com` on github.com;
 * `https://token.actions.SUBDOMAIN.ghe.com` on GHE.com (GitHub's docs: "The OIDC token is
 * issued from https://token.actions.SUBDOMAIN.ghe.com"); `https://HOST/_services/token` on
 * GitHub Enterprise Server.
 */
export function pinnedIssuer(serverUrl: string): string {
  const u = new URL(serverUrl)
  if (u.hostname.toLowerCase() === 'github.com') return 'https://token.actions.githubusercontent.com'
  const sub = gheComSubdomain(serverUrl)
  if (sub) return `https://token.actions.${sub}.ghe.com`
  return `${u.origin}/_services/token`
}


/** An enterprise slug as GitHub writes it in a custom issuer (`include_enterprise_slug`). */
const ENTERPRISE_SLUG = /^[a-z0-9-]+$/

/**
 * The issuer a token's `iss` names, when it is one the server pins: the pinned issuer itself,
 * or, on github.com and GHE.com, the enterprise's custom issuer, exactly `<pinned>/<slug>`
 * (an enterprise that set `include_enterprise_slug`). Its keys are then read from that path on
 * the pinned host: never from another host, never from a path the token chose otherwise.
 * Undefined for anything else.
 */
export function acceptedIssuer(iss: unknown, serverUrl: string): string | undefined {
  if (typeof iss !== 'string') return undefined
  const pinned = pinnedIssuer(serverUrl)
  const named = iss.replace(/\/+$/, '')
  if (named === pinned) return pinned
  const cloud = new URL(serverUrl).hostname.toLowerCase() === 'github.com' || gheComSubdomain(serverUrl) !== undefined
  if (!cloud || !named.startsWith(`${pinned}/`)) return undefined
  const slug = named.slice(pinned.length + 1)
  return ENTERPRISE_SLUG.test(slug) ? `${pinned}/${slug}` : undefined
}

/**
 * Is the ID-token request URL one the runner gives? Over HTTPS, hosts compared
 * case-insensitively, as DNS does:
 * - github.com: a host under `actions.githubusercontent.com` (the runner's pipelines service);
 * - GHE.com: the same, or a host under the enterprise's own `SUBDOMAIN.ghe.com` (GitHub's
 *   "Network details for GHE.com" lists `*.SUBDOMAIN.ghe.com`, `*.actions.SUBDOMAIN.ghe.com`
 *   and `*.githubusercontent.com` as the hosts runners talk to, and does not name the token
 *   service's own; Pages sites, `*.pages.SUBDOMAIN.ghe.com`, serve users' files and are refused);
 * - GitHub Enterprise Server: the server's own host (or a host under it), on its protocol.
 * A token fetched from an allowed host is still only used when it verifies.
 */
export function requestUrlAllowed(requestUrl: string, serverUrl: string): boolean {
  let u: URL
  try {
    u = new URL(requestUrl)
  } catch {
    return false
  }
  const server = new URL(serverUrl)
  const host = u.hostname.toLowerCase()
  const under = (h: string, d: string) => h === d || h.endsWith(`.${d}`)
  const actions = u.protocol === 'https:' && under(host, 'actions.githubusercontent.com')
  if (server.hostname.toLowerCase() === 'github.com') return actions
  const sub = gheComSubdomain(serverUrl)
  if (sub) return actions || (u.protocol === 'https:' && under(host, `${sub}.ghe.com`) && !under(host, `pages.${sub}.ghe.com`))
  const sh = server.hostname.toLowerCase()
  return u.protocol === server.protocol && under(host, sh)
}

function b64url(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
}

export function decodeJwt(jwt: string): { header: { alg?: string; kid?: string; typ?: string }; claims: Claims; signed: Buffer; sig: Buffer } {
  const parts = jwt.split('.')
  if (parts.length !== 3) throw new TamperError('the ID token is not a JWT')
  try {
    return {
      header: JSON.parse(b64url(parts[0]).toString('utf8')),
      claims: JSON.parse(b64url(parts[1]).toString('utf8')),
      signed: Buffer.from(`${parts[0]}.${parts[1]}`),
      sig: b64url(parts[2]),
    }
  } catch {
    throw new TamperError('the ID token is not a JWT')
  }
}

/** GET JSON through the proxy-aware client (Node's fetch ignores HTTPS_PROXY); redirects are errors. */
async function getJson(url: string, headers: Record<string, string>, timeoutMs: number, route?: Expect['route']): Promise<unknown> {
  const res = await get(route ? route(new URL(url)) : url, headers, timeoutMs, 1024 * 1024)
  if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status} from ${new URL(url).host}`)
  try {
    return JSON.parse(res.body.toString('utf8'))
  } catch {
    throw new Error(`the answer from ${new URL(url).host} is not JSON`)
  }
}

/** The pinned issuer's signing keys. Its configuration may name the key set only on its own origin. */
async function issuerKeys(issuer: string, timeoutMs: number, route?: Expect['route']): Promise<Array<JsonWebKey & { kid?: string }>> {
  const origin = new URL(issuer).origin
  let jwksUri = `${issuer}/.well-known/jwks`
  try {
    const cfg = (await getJson(`${issuer}/.well-known/openid-configuration`, { accept: 'application/json' }, timeoutMs, route)) as { jwks_uri?: string }
    if (typeof cfg?.jwks_uri === 'string') {
      if (new URL(cfg.jwks_uri).origin !== origin) throw new TamperError(`the issuer's configuration names keys on another host (${new URL(cfg.jwks_uri).host})`)
      jwksUri = cfg.jwks_uri
    }
  } catch (e) {
    if (e instanceof TamperError) throw e
  }
  const jwks = (await getJson(jwksUri, { accept: 'application/json' }, timeoutMs, route)) as { keys?: Array<JsonWebKey & { kid?: string }> }
  return Array.isArray(jwks?.keys) ? jwks.keys : []
}

/**
 * Claims against the run: issuer (the pinned one, or the enterprise's custom issuer under it),
 * audience, time, repository and commit. Throws TamperError.
 */
export function checkClaims(c: Claims, issuer: string, expect: Expect): void {
  const now = expect.now ?? Math.floor(Date.now() / 1000)
  const skew = 60
  if (acceptedIssuer(c.iss, expect.serverUrl) !== issuer) throw new TamperError(`the ID token was issued by '${String(c.iss)}', not by ${issuer}`)
  const aud = Array.isArray(c.aud) ? c.aud : [c.aud]
  if (!aud.includes(GATE_AUDIENCE)) throw new TamperError(`the ID token's audience is '${String(c.aud)}', not '${GATE_AUDIENCE}'`)
  if (typeof c.exp !== 'number') throw new TamperError('the ID token has no expiry')
  if (c.exp + skew < now) throw new TamperError('the ID token has expired')
  if (typeof c.nbf === 'number' && c.nbf - skew > now) throw new TamperError('the ID token is not valid yet')
  if (expect.repository && typeof c.repository === 'string' && c.repository.toLowerCase() !== expect.repository.toLowerCase())
    throw new TamperError(`the ID token is for repository '${c.repository}', but this run is in '${expect.repository}'`)
  if (expect.repository && typeof c.repository !== 'string') throw new TamperError('the ID token names no repository')
  if (expect.sha && typeof c.sha === 'string' && c.sha.toLowerCase() !== expect.sha.toLowerCase()) throw new TamperError(`the ID token is for commit ${c.sha}, but this run is at ${expect.sha}`)
}

/**
 * Mint and verify the job's ID token. Returns undefined when the job cannot mint one (no
 * `id-token: write`: the request variables are absent). Throws TamperError when the request
 * URL is not the runner's or the token does not verify against the pinned issuer's keys, and
 * Error when the token could not be minted at all.
 */
export async function mintIdToken(env: NodeJS.ProcessEnv, expect: Expect, timeoutMs = 10_000): Promise<IdToken | undefined> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (!url || !token) return undefined
  if (!requestUrlAllowed(url, expect.serverUrl)) {
    let host = url
    try {
      host = new URL(url).host
    } catch {
      /* not a URL: named as given */
    }
    throw new TamperError(`ACTIONS_ID_TOKEN_REQUEST_URL points at ${host}, which is not the runner's token service for ${new URL(expect.serverUrl).host}`)
  }
  const u = new URL(url)
  u.searchParams.set('audience', GATE_AUDIENCE)
  const body = (await getJson(u.toString(), { authorization: `Bearer ${token}`, accept: 'application/json' }, timeoutMs, expect.route)) as { value?: string }
  if (typeof body?.value !== 'string') throw new Error('the ID token request returned no token')
  const jwt = decodeJwt(body.value)
  // the keys are those of the pinned issuer, or of the enterprise's custom issuer on the same
  // host (`<pinned>/<slug>`); a token naming anything else is not read further
  const issuer = acceptedIssuer(jwt.claims.iss, expect.serverUrl)
  if (!issuer) throw new TamperError(`the ID token was issued by '${String(jwt.claims.iss)}', not by ${pinnedIssuer(expect.serverUrl)}`)
  if (jwt.header.alg !== 'RS256') throw new TamperError(`the ID token is signed with '${String(jwt.header.alg)}', not RS256`)
  let keys: Array<JsonWebKey & { kid?: string }>
  try {
    keys = await issuerKeys(issuer, timeoutMs, expect.route)
  } catch (e) {
    if (e instanceof TamperError) throw e
    throw new TamperError(`the ID token could not be verified: the keys of ${issuer} could not be read (${e instanceof Error ? e.message : String(e)})`)
  }
  const jwk = keys.find((k) => k.kid === jwt.header.kid && (k.kty === undefined || k.kty === 'RSA'))
  if (!jwk) throw new TamperError(`the ID token is signed with key '${String(jwt.header.kid)}', which ${issuer} does not publish`)
  let ok = false
  try {
    ok = verify('RSA-SHA256', jwt.signed, createPublicKey({ key: jwk, format: 'jwk' }), jwt.sig)
  } catch {
    ok = false
  }
  if (!ok) throw new TamperError('the ID token signature does not verify')
  checkClaims(jwt.claims, issuer, expect)
  return { claims: jwt.claims, verified: true }
}
