/**
 * Attack class: forged signed claims. The gate prefers the job's OIDC claims to GITHUB_*
 * (inside a reusable workflow they name the file that really runs). A step, or a workflow's
 * `env:`, can point ACTIONS_ID_TOKEN_REQUEST_URL at a service of its own that mints "claims"
 * naming a harmless workflow. Claims count only when they verify against the keys of the
 * issuer pinned by the server the run is on. The issuer, its keys and the runner's token
 * service are served on loopback, with real RSA keys.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { generateKeyPairSync, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { TamperError, mintIdToken, pinnedIssuer, requestUrlAllowed } from '../../src/resolve/oidc.js'
import type { Claims } from '../../src/resolve/oidc.js'

const real = generateKeyPairSync('rsa', { modulusLength: 2048 })
const evil = generateKeyPairSync('rsa', { modulusLength: 2048 })
const b64 = (x: object | Buffer) => (Buffer.isBuffer(x) ? x : Buffer.from(JSON.stringify(x))).toString('base64url')
const SHA = 'cacacacacacacacacacacacacacacacacacacaca'

let server: http.Server
let base = ''
/** What the token service at /_apis/idtoken hands out next. */
let next: { claims: (aud: string) => Claims; key: KeyObject; kid: string; alg?: string } | undefined

function jwt(claims: Claims, key: KeyObject, kid: string, alg = 'RS256'): string {
  const h = b64({ alg, typ: 'JWT', kid })
  const c = b64(claims)
  return `${h}.${c}.${b64(alg === 'none' ? Buffer.alloc(0) : sign('RSA-SHA256', Buffer.from(`${h}.${c}`), key))}`
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base)
    const json = (v: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(v))
    }
    // the pinned issuer (GitHub Enterprise Server layout: HOST/_services/token)
    if (url.pathname === '/_services/token/.well-known/openid-configuration') return json({ issuer: `${base}/_services/token`, jwks_uri: `${base}/_services/token/.well-known/jwks` })
    if (url.pathname === '/_services/token/.well-known/jwks') return json({ keys: [{ ...real.publicKey.export({ format: 'jwk' }), kid: 'real-1', use: 'sig', alg: 'RS256' }] })
    // the attacker's own "issuer", with its own keys
    if (url.pathname === '/evil/.well-known/openid-configuration') return json({ issuer: `${base}/evil`, jwks_uri: `${base}/evil/.well-known/jwks` })
    if (url.pathname === '/evil/.well-known/jwks') return json({ keys: [{ ...evil.publicKey.export({ format: 'jwk' }), kid: 'evil-1', use: 'sig', alg: 'RS256' }] })
    if (url.pathname === '/_apis/idtoken' && next) return json({ value: jwt(next.claims(url.searchParams.get('audience') ?? ''), next.key, next.kid, next.alg) })
    res.writeHead(404)
    res.end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => new Promise<void>((r) => server.close(() => r())))

const now = () => Math.floor(Date.now() / 1000)
const good = (aud: string): Claims => ({
  iss: `${base}/_services/token`,
  aud,
  exp: now() + 300,
  iat: now(),
  repository: 'octo/demo',
  sha: SHA,
  event_name: 'push',
  job_workflow_ref: 'octo/demo/.github/workflows/release.yml@refs/tags/v1.2.0',
})
const env = (url = `${base}/_apis/idtoken?api-version=2.0`) => ({ ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-request-token' })
const run = () => ({ serverUrl: base, repository: 'octo/demo', sha: SHA })

describe('signed claims or none', () => {
  it('pins the issuer by server, never by the token', () => {
    expect(pinnedIssuer('https://github.com')).toBe('https://token.actions.githubusercontent.com')
    expect(pinnedIssuer('https://GHES.example.com/')).toBe('https://ghes.example.com/_services/token')
    expect(requestUrlAllowed('https://pipelinesghubeus6.actions.githubusercontent.com/abc/00000000-0000-0000-0000-000000000000/_apis/distributedtask/hubs/Actions/plans/x/jobs/y/idtoken?api-version=2.0', 'https://github.com')).toBe(true)
    expect(requestUrlAllowed('https://PIPELINES.Actions.GitHubUserContent.com/x', 'https://github.com')).toBe(true)
    expect(requestUrlAllowed('https://actions.githubusercontent.com.attacker.example/x', 'https://github.com')).toBe(false)
    expect(requestUrlAllowed('http://pipelines.actions.githubusercontent.com/x', 'https://github.com')).toBe(false)
    expect(requestUrlAllowed('https://ghes.example.com/_services/pipelines/x', 'https://ghes.example.com')).toBe(true)
  })

  it('uses claims that verify against the pinned issuer', async () => {
    next = { claims: good, key: real.privateKey, kid: 'real-1' }
    const t = await mintIdToken(env(), run())
    expect(t?.verified).toBe(true)
    expect(t?.claims.job_workflow_ref).toBe('octo/demo/.github/workflows/release.yml@refs/tags/v1.2.0')
  })

  const ATTACKS: Array<[string, () => void, string?]> = [
    ["a token from the attacker's own issuer, with its own published keys", () => (next = { claims: (aud) => ({ ...good(aud), iss: `${base}/evil` }), key: evil.privateKey, kid: 'evil-1' })],
    ["the attacker's key under the real key's id", () => (next = { claims: good, key: evil.privateKey, kid: 'real-1' })],
    ['an unsigned token (alg none)', () => (next = { claims: good, key: real.privateKey, kid: 'real-1', alg: 'none' })],
    ['a real signature with another issuer named', () => (next = { claims: (aud) => ({ ...good(aud), iss: 'https://token.actions.githubusercontent.com' }), key: real.privateKey, kid: 'real-1' })],
    ['another audience', () => (next = { claims: (aud) => ({ ...good(aud), aud: 'sigstore' }), key: real.privateKey, kid: 'real-1' })],
    ['an expired token', () => (next = { claims: (aud) => ({ ...good(aud), exp: now() - 3600 }), key: real.privateKey, kid: 'real-1' })],
    ['no expiry', () => (next = { claims: (aud) => ({ ...good(aud), exp: undefined }), key: real.privateKey, kid: 'real-1' })],
    ["another repository's token", () => (next = { claims: (aud) => ({ ...good(aud), repository: 'octo/other' }), key: real.privateKey, kid: 'real-1' })],
    ["another commit's token", () => (next = { claims: (aud) => ({ ...good(aud), sha: 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0' }), key: real.privateKey, kid: 'real-1' })],
  ]

  it.each(ATTACKS.map(([what, arrange]) => [what, { arrange }] as const))('%s: tampering, claims not used', async (_what, { arrange }) => {
    arrange()
    await expect(mintIdToken(env(), run())).rejects.toBeInstanceOf(TamperError)
  })

  it('a request URL on an unexpected host is tampering, before anything is sent', async () => {
    next = { claims: good, key: real.privateKey, kid: 'real-1' }
    const port = (server.address() as AddressInfo).port
    await expect(mintIdToken(env(`http://localhost:${port}/_apis/idtoken`), run())).rejects.toThrow(/ACTIONS_ID_TOKEN_REQUEST_URL points at localhost:\d+, which is not the runner's token service/)
    await expect(mintIdToken(env('https://oidc.attacker.example/token'), { serverUrl: 'https://github.com' })).rejects.toBeInstanceOf(TamperError)
  })

  it('keys that cannot be read are no keys: the claims are not used', async () => {
    next = { claims: (aud) => ({ ...good(aud), iss: `${base}/nowhere/_services/token` }), key: real.privateKey, kid: 'real-1' }
    await expect(mintIdToken(env(`${base}/_apis/idtoken`), { ...run(), serverUrl: `${base}/nowhere` })).rejects.toBeInstanceOf(TamperError)
  })
})
