/**
 * The job's OIDC token, minted with a gate-specific audience. Its claims are signed by
 * GitHub, so they are preferred to environment variables a step could have changed: inside a
 * reusable workflow, `job_workflow_ref` names the file that defines the running job, while
 * `GITHUB_WORKFLOW_REF` names the caller. The signature is checked against the issuer's
 * published keys; the token itself is never printed or stored.
 */
import { createPublicKey, verify } from 'node:crypto'
import type { JsonWebKey } from 'node:crypto'

export const GATE_AUDIENCE = 'release-gate'

export interface Claims {
  iss?: string
  aud?: string
  exp?: number
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
  /** True when the signature was checked against the issuer's JWKS. */
  verified: boolean
  /** Why it could not be verified. */
  note?: string
}

function b64url(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
}

export function decodeJwt(jwt: string): { header: { alg?: string; kid?: string }; claims: Claims; signed: Buffer; sig: Buffer } {
  const parts = jwt.split('.')
  if (parts.length !== 3) throw new Error('the ID token is not a JWT')
  return {
    header: JSON.parse(b64url(parts[0]).toString('utf8')),
    claims: JSON.parse(b64url(parts[1]).toString('utf8')),
    signed: Buffer.from(`${parts[0]}.${parts[1]}`),
    sig: b64url(parts[2]),
  }
}

async function getJson(url: string, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' })
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${new URL(url).host}`)
  return res.json()
}

/**
 * Mint and read the job's ID token. Returns undefined when the job cannot mint one (no
 * `id-token: write`: the request variables are absent).
 */
export async function mintIdToken(env: NodeJS.ProcessEnv, timeoutMs = 10_000): Promise<IdToken | undefined> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (!url || !token) return undefined
  const u = new URL(url)
  u.searchParams.set('audience', GATE_AUDIENCE)
  const body = (await getJson(u.toString(), { authorization: `Bearer ${token}`, accept: 'application/json' }, timeoutMs)) as { value?: string }
  if (typeof body?.value !== 'string') throw new Error('the ID token request returned no token')
  const jwt = decodeJwt(body.value)
  const c = jwt.claims
  if (c.aud !== GATE_AUDIENCE) throw new Error(`the ID token's audience is '${String(c.aud)}', not '${GATE_AUDIENCE}'`)
  if (typeof c.exp === 'number' && c.exp * 1000 < Date.now()) throw new Error('the ID token has expired')
  try {
    if (jwt.header.alg !== 'RS256' || !c.iss) throw new Error(`unexpected algorithm ${jwt.header.alg}`)
    const cfg = (await getJson(`${c.iss.replace(/\/+$/, '')}/.well-known/openid-configuration`, { accept: 'application/json' }, timeoutMs)) as { jwks_uri?: string }
    const jwks = (await getJson(cfg.jwks_uri ?? `${c.iss.replace(/\/+$/, '')}/.well-known/jwks`, { accept: 'application/json' }, timeoutMs)) as { keys?: Array<JsonWebKey & { kid?: string }> }
    const jwk = jwks.keys?.find((k) => k.kid === jwt.header.kid)
    if (!jwk) throw new Error(`no key ${jwt.header.kid} in the issuer's JWKS`)
    const ok = verify('RSA-SHA256', jwt.signed, createPublicKey({ key: jwk, format: 'jwk' }), jwt.sig)
    if (!ok) throw new Error('the ID token signature does not verify')
    return { claims: c, verified: true }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    if (/does not verify/.test(msg)) throw e
    return { claims: c, verified: false, note: msg }
  }
}
