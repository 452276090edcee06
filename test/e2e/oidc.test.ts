/**
 * Inside a reusable workflow, GITHUB_WORKFLOW_REF names the caller; the job to audit is in
 * the signed claim job_workflow_ref. The runner's ID-token endpoint and the issuer's keys are
 * faked on loopback with a real RSA key.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync, sign } from 'node:crypto'
import { FakeGitHub } from '../helpers/fake-github.js'
import { runAction } from '../helpers/runner.js'
import { serveActionsOf } from '../helpers/online.js'

const CALLEE_SHA = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0'
const CALLER_SHA = 'cacacacacacacacacacacacacacacacacacacaca'
const CALLEE = [
  'name: Shared publish',
  'on:',
  '  workflow_call:',
  'permissions: {}',
  'jobs:',
  '  publish:',
  '    runs-on: ubuntu-latest',
  '    environment: pypi',
  '    permissions:',
  '      id-token: write',
  '    steps:',
  '      - uses: octo-org/release-gate@6b3083bc1b9d8b1c8bbb2a4e3c5a1f0d2b7e9a41 # v1.0.0',
  '      - uses: pypa/gh-action-pypi-publish@release/v1',
  '',
].join('\n')

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const b64 = (x: object | Buffer) => (Buffer.isBuffer(x) ? x : Buffer.from(JSON.stringify(x))).toString('base64url')

let gh: FakeGitHub
let tamper = false
beforeAll(async () => {
  gh = new FakeGitHub()
  gh.addFile('org/shared', CALLEE_SHA, '.github/workflows/publish.yml', CALLEE)
  gh.addFile('octo/demo', CALLER_SHA, '.github/workflows/release.yml', 'on: push\njobs:\n  release:\n    uses: org/shared/.github/workflows/publish.yml@b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0\n')
  serveActionsOf(gh, CALLEE)
  gh.environments.set('octo/demo:pypi', { reviewers: 1, preventSelfReview: true, branchPolicy: 'protected', canAdminsBypass: false })
  gh.use((req, res, url) => {
    if (url.pathname === '/_apis/idtoken') {
      expect(req.headers.authorization).toBe('Bearer runtime-request-token')
      const now = Math.floor(Date.now() / 1000)
      const header = b64({ alg: 'RS256', typ: 'JWT', kid: 'key-1' })
      const claims = b64({
        iss: `${gh.url}/_services/token`,
        aud: url.searchParams.get('audience'),
        exp: now + 300,
        iat: now,
        repository: 'octo/demo',
        sha: CALLER_SHA,
        ref: 'refs/tags/v1.2.0',
        event_name: 'push',
        environment: 'pypi',
        runner_environment: 'github-hosted',
        workflow_ref: `octo/demo/.github/workflows/release.yml@refs/tags/v1.2.0`,
        job_workflow_ref: 'org/shared/.github/workflows/publish.yml@refs/heads/main',
        job_workflow_sha: CALLEE_SHA,
      })
      const sig = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), privateKey)
      if (tamper) sig[0] ^= 0xff
      gh.json(res, 200, { value: `${header}.${claims}.${b64(sig)}` })
      return true
    }
    // the issuer pinned by GITHUB_SERVER_URL (GitHub Enterprise Server layout: HOST/_services/token)
    if (url.pathname === '/_services/token/.well-known/openid-configuration') return gh.json(res, 200, { issuer: `${gh.url}/_services/token`, jwks_uri: `${gh.url}/_services/token/.well-known/jwks` }), true
    if (url.pathname === '/_services/token/.well-known/jwks') return gh.json(res, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'key-1', use: 'sig', alg: 'RS256' }] }), true
    return false
  })
  await gh.start()
})
afterAll(async () => gh.stop())

function env(): Record<string, string> {
  return {
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: gh.url,
    GITHUB_REPOSITORY: 'octo/demo',
    GITHUB_WORKFLOW_REF: 'octo/demo/.github/workflows/release.yml@refs/tags/v1.2.0',
    GITHUB_WORKFLOW_SHA: CALLER_SHA,
    GITHUB_SHA: CALLER_SHA,
    GITHUB_JOB: 'publish',
    ACTIONS_ID_TOKEN_REQUEST_URL: `${gh.url}/_apis/idtoken?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-request-token',
  }
}

describe('signed job claims', () => {
  it('audits the reusable workflow named by job_workflow_ref at job_workflow_sha, not the caller', async () => {
    tamper = false
    const r = await runAction({ token: gh.token }, env())
    expect(gh.requests.some((q) => q.path === `/repos/org/shared/contents/.github/workflows/publish.yml?ref=${CALLEE_SHA}`)).toBe(true)
    expect(gh.requests.some((q) => q.path.startsWith('/_apis/idtoken') && q.path.includes('audience=release-gate'))).toBe(true)
    expect(r.summary).toContain('job claims from the OIDC token (signature verified)')
    expect(r.stdout).toMatch(/^::error title=unpinned-uses,file=\.github\/workflows\/publish\.yml,line=13,/m)
    expect(r.code).toBe(1)
    expect(r.all).not.toMatch(/eyJ[\w-]+\.eyJ/) // the token itself never appears
  })

  it('blocks when the token signature does not verify', async () => {
    tamper = true
    const r = await runAction({ token: gh.token }, env())
    expect(r.code).toBe(1)
    expect(r.summary).toContain("could not read the job's signed claims: the ID token signature does not verify")
  })

  it('blocks when the request URL is not the runner\'s token service, and uses no claim', async () => {
    tamper = false
    const before = gh.requests.length
    const r = await runAction({ token: gh.token }, { ...env(), ACTIONS_ID_TOKEN_REQUEST_URL: `${gh.url.replace('127.0.0.1', 'localhost')}/_apis/idtoken?api-version=2.0` })
    expect(r.code).toBe(1)
    expect(r.summary).toMatch(/REQUEST\\?_URL points at localhost:\d+, which is not the runner's token service/)
    expect(gh.requests.slice(before).some((q) => q.path.startsWith('/_apis/idtoken'))).toBe(false)
    expect(r.summary).not.toContain('job claims from the OIDC token')
  })
})
