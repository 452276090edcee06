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
import { TamperError, acceptedIssuer, defaultApiUrl, mintIdToken, pinnedIssuer, requestUrlAllowed } from '../../src/resolve/oidc.js'
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

/**
 * GHE.com (data residency) and enterprise custom issuers. The hosts are GitHub's real names
 * (`token.actions.SUBDOMAIN.ghe.com`, `token.actions.githubusercontent.com/SLUG`); each one's
 * documents are served on loopback under `/h/<host>/…`, each host with its own key, and the
 * test's `route` moves only the connection: every check is made on the URL as named.
 */
describe('signed claims or none on GHE.com and with an enterprise issuer', () => {
  const keys = new Map<string, ReturnType<typeof generateKeyPairSync>>()
  const keyOf = (issuer: string) => {
    let k = keys.get(issuer)
    if (!k) keys.set(issuer, (k = generateKeyPairSync('rsa', { modulusLength: 2048 })))
    return k
  }
  const ISSUERS = [
    'https://token.actions.octocorp.ghe.com',
    'https://token.actions.octocorp.ghe.com/octo-enterprise',
    'https://token.actions.other.ghe.com',
    'https://token.actions.githubusercontent.com',
    'https://token.actions.githubusercontent.com/octo-enterprise',
  ]
  let cloud: http.Server
  let cbase = ''
  let minted: { iss: string; signer: string; claims?: Partial<Claims> } | undefined
  const seen: string[] = []

  beforeAll(async () => {
    cloud = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', cbase)
      seen.push(url.pathname)
      const json = (v: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(v))
      }
      const m = /^\/h\/([^/]+)(\/.*)$/.exec(url.pathname)
      if (m) {
        const named = `https://${m[1]}${m[2]}`
        for (const iss of ISSUERS) {
          if (named === `${iss}/.well-known/openid-configuration`) return json({ issuer: iss, jwks_uri: `${iss}/.well-known/jwks` })
          if (named === `${iss}/.well-known/jwks`) return json({ keys: [{ ...keyOf(iss).publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] })
        }
        if (m[2] === '/_apis/idtoken' && minted) {
          const c = { ...good(url.searchParams.get('audience') ?? ''), iss: minted.iss, ...minted.claims }
          return json({ value: jwt(c, keyOf(minted.signer).privateKey, 'k1') })
        }
      }
      res.writeHead(404)
      res.end()
    })
    await new Promise<void>((r) => cloud.listen(0, '127.0.0.1', () => r()))
    cbase = `http://127.0.0.1:${(cloud.address() as AddressInfo).port}`
  })
  afterAll(async () => new Promise<void>((r) => cloud.close(() => r())))

  const route = (u: URL) => `${cbase}/h/${u.hostname}${u.pathname}${u.search}`
  const onGheCom = { serverUrl: 'https://octocorp.ghe.com', repository: 'octo/demo', sha: SHA, route }
  const onDotcom = { serverUrl: 'https://github.com', repository: 'octo/demo', sha: SHA, route }
  const request = (host: string) => ({ ACTIONS_ID_TOKEN_REQUEST_URL: `https://${host}/_apis/idtoken?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-request-token' })
  const GHE_REQ = request('pipelines.actions.octocorp.ghe.com')
  const DOTCOM_REQ = request('pipelinesghubeus6.actions.githubusercontent.com')

  it('pins token.actions.SUBDOMAIN.ghe.com and api.SUBDOMAIN.ghe.com for a GHE.com server', () => {
    expect(pinnedIssuer('https://octocorp.ghe.com')).toBe('https://token.actions.octocorp.ghe.com')
    expect(pinnedIssuer('https://OctoCorp.GHE.com/')).toBe('https://token.actions.octocorp.ghe.com')
    expect(defaultApiUrl('https://octocorp.ghe.com')).toBe('https://api.octocorp.ghe.com')
    expect(defaultApiUrl('https://github.com')).toBe('https://api.github.com')
    expect(defaultApiUrl('https://ghes.example.com')).toBe('https://ghes.example.com/api/v3')
  })

  it('takes the request URL from the runner of the GHE.com server only', () => {
    const s = 'https://octocorp.ghe.com'
    expect(requestUrlAllowed('https://pipelines.actions.octocorp.ghe.com/x/_apis/idtoken?api-version=2.0', s)).toBe(true)
    expect(requestUrlAllowed('https://pipelinesghubeus6.actions.githubusercontent.com/x', s)).toBe(true)
    expect(requestUrlAllowed('https://octocorp.ghe.com/_services/pipelines/x', s)).toBe(true)
    // another enterprise's subdomain, a look-alike, a Pages site, plain HTTP
    expect(requestUrlAllowed('https://pipelines.actions.other.ghe.com/x', s)).toBe(false)
    expect(requestUrlAllowed('https://octocorp.ghe.com.attacker.example/x', s)).toBe(false)
    expect(requestUrlAllowed('https://evil-octocorp.ghe.com/x', s)).toBe(false)
    expect(requestUrlAllowed('https://attacker.pages.octocorp.ghe.com/_apis/idtoken', s)).toBe(false)
    expect(requestUrlAllowed('http://pipelines.actions.octocorp.ghe.com/x', s)).toBe(false)
    expect(requestUrlAllowed('https://raw.githubusercontent.com/x', s)).toBe(false)
  })

  it('uses claims signed by the GHE.com issuer of the server', async () => {
    minted = { iss: 'https://token.actions.octocorp.ghe.com', signer: 'https://token.actions.octocorp.ghe.com' }
    seen.length = 0
    const t = await mintIdToken(GHE_REQ, onGheCom)
    expect(t?.claims.job_workflow_ref).toBe('octo/demo/.github/workflows/release.yml@refs/tags/v1.2.0')
    expect(seen).toContain('/h/token.actions.octocorp.ghe.com/.well-known/jwks')
  })

  it("another subdomain's issuer, with its own real keys, is tampering", async () => {
    minted = { iss: 'https://token.actions.other.ghe.com', signer: 'https://token.actions.other.ghe.com' }
    seen.length = 0
    await expect(mintIdToken(GHE_REQ, onGheCom)).rejects.toThrow(/issued by 'https:\/\/token\.actions\.other\.ghe\.com', not by https:\/\/token\.actions\.octocorp\.ghe\.com/)
    // its keys were never asked for
    expect(seen.some((p) => p.startsWith('/h/token.actions.other.ghe.com'))).toBe(false)
  })

  it("github.com's issuer on a GHE.com server is tampering", async () => {
    minted = { iss: 'https://token.actions.githubusercontent.com', signer: 'https://token.actions.githubusercontent.com' }
    await expect(mintIdToken(GHE_REQ, onGheCom)).rejects.toBeInstanceOf(TamperError)
  })

  it.each([
    ['github.com', 'https://token.actions.githubusercontent.com/octo-enterprise', DOTCOM_REQ, onDotcom],
    ['GHE.com', 'https://token.actions.octocorp.ghe.com/octo-enterprise', GHE_REQ, onGheCom],
  ])("an enterprise's custom issuer on %s verifies against its own keys on the pinned host: claims used", async (_where, iss, req, run) => {
    minted = { iss, signer: iss }
    seen.length = 0
    const t = await mintIdToken(req, run)
    expect(t?.verified).toBe(true)
    expect(t?.claims.iss).toBe(iss)
    expect(seen).toContain(`/h/${new URL(iss).hostname}/octo-enterprise/.well-known/jwks`)
  })

  it("a custom issuer's token signed with the root issuer's key does not verify", async () => {
    minted = { iss: 'https://token.actions.githubusercontent.com/octo-enterprise', signer: 'https://token.actions.githubusercontent.com' }
    await expect(mintIdToken(DOTCOM_REQ, onDotcom)).rejects.toThrow(/signature does not verify/)
  })

  it.each([
    ['a parent path', 'https://token.actions.githubusercontent.com/../octo-enterprise'],
    ['a path that climbs out', 'https://token.actions.githubusercontent.com/octo-enterprise/../../evil'],
    ['an encoded parent path', 'https://token.actions.githubusercontent.com/%2e%2e/evil'],
    ['a deeper path', 'https://token.actions.githubusercontent.com/octo-enterprise/keys'],
    ['upper case', 'https://token.actions.githubusercontent.com/Octo-Enterprise'],
    ['another host with the slug', 'https://token.actions.githubusercontent.com.attacker.example/octo-enterprise'],
    ['a host of its own', 'https://oidc.attacker.example/octo-enterprise'],
    ['a query', 'https://token.actions.githubusercontent.com?octo-enterprise'],
  ])('a custom issuer with %s is tampering, and no key is fetched', async (_what, iss) => {
    minted = { iss, signer: iss }
    seen.length = 0
    await expect(mintIdToken(DOTCOM_REQ, onDotcom)).rejects.toBeInstanceOf(TamperError)
    expect(seen.filter((p) => p.includes('.well-known'))).toEqual([])
  })

  it('acceptedIssuer: exactly the pinned issuer or <pinned>/<slug>, on github.com and GHE.com only', () => {
    expect(acceptedIssuer('https://token.actions.githubusercontent.com/', 'https://github.com')).toBe('https://token.actions.githubusercontent.com')
    expect(acceptedIssuer('https://token.actions.githubusercontent.com/octo-ent', 'https://github.com')).toBe('https://token.actions.githubusercontent.com/octo-ent')
    expect(acceptedIssuer('https://token.actions.octocorp.ghe.com/octo-ent', 'https://octocorp.ghe.com')).toBe('https://token.actions.octocorp.ghe.com/octo-ent')
    expect(acceptedIssuer('https://token.actions.octocorp.ghe.com/octo-ent', 'https://other.ghe.com')).toBeUndefined()
    expect(acceptedIssuer('https://ghes.example.com/_services/token/octo-ent', 'https://ghes.example.com')).toBeUndefined()
    expect(acceptedIssuer(42, 'https://github.com')).toBeUndefined()
  })
})
