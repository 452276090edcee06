/**
 * Attack class: inputs as paths out of bounds. `config` reaches the contents API and the
 * workspace; `artifact-path` is where the gate writes; the runner's `_actions` holds the
 * actions of the job, and a symlink there can point anywhere.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readSettings } from '../../src/context/inputs.js'
import { readTree } from '../../src/resolve/dirhash.js'
import { runAttest } from '../../src/attest/index.js'
import type { GitHubApi } from '../../src/resolve/github.js'

const settings = (over: Record<string, string>) => readSettings({ get: (k) => over[k] ?? '' })

describe('inputs are untrusted paths', () => {
  it.each([
    ['../../../../repos/octo/secret-repo/contents/config.yml'],
    ['.github/../../other'],
    ['%2e%2e/%2e%2e/orgs/octo'],
    ['a%2Fb/../c'],
    ['/etc/passwd'],
    ['C:/Windows/win.ini'],
    ['..\\\\x'],
    ['x.yml?ref=main'],
  ])('config %s is refused', (config) => {
    expect(() => settings({ config })).toThrow(/Input 'config' is/)
  })

  it('a plain config path is kept, normalised, and encoded per segment by the API client', () => {
    expect(settings({ config: './.github//release-gate.yml' }).configPath).toBe('.github/release-gate.yml')
    expect(settings({}).configPath).toBe('.github/release-gate.yml')
  })

  it.each([['../_actions/octo-org/release-gate/v1'], ['dist/../../_actions'], ['_actions/x'], ['.git/hooks'], ['/home/runner/work/_actions']])('artifact-path %s is refused', (p) => {
    expect(() => settings({ 'artifact-path': p, attestations: 'required', 'artifact-name': 'dist' })).toThrow(/Input 'artifact-path' is/)
  })

  it('an artifact-path that is a symlink out of the workspace is not written to', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'rg-ws-'))
    const outside = mkdtempSync(join(tmpdir(), 'rg-actions-'))
    symlinkSync(outside, join(ws, 'dist'))
    const r = await runAttest(
      { mode: 'required', subjectPath: [], artifactName: 'dist', artifactPath: 'dist', predicateType: 'https://slsa.dev/provenance/v1' },
      { workspace: ws, repository: 'octo/demo', workflow: 'octo/demo/.github/workflows/release.yml', runId: '1' },
      { api: {} as GitHubApi },
    )
    expect(r.failures.map((f) => f.reason)).toEqual(["'dist' leads outside the workspace through a symbolic link; the gate writes only inside it"])
  })

  it('a symlink under _actions is not followed outside its action directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-action-'))
    const secret = mkdtempSync(join(tmpdir(), 'rg-outside-'))
    writeFileSync(join(secret, 'environ'), 'GITHUB_TOKEN=ghs_x')
    mkdirSync(join(dir, 'lib'))
    writeFileSync(join(dir, 'lib', 'index.js'), 'module.exports = 1')
    symlinkSync(join(secret, 'environ'), join(dir, 'leak'))
    symlinkSync('lib/index.js', join(dir, 'main.js'))
    const files = await readTree(dir, { git: true, sha256: true })
    const by = new Map(files.map((f) => [f.path, f]))
    expect(by.get('leak')?.sha256).toBeUndefined()
    expect(by.get('main.js')?.sha256).toBe(by.get('lib/index.js')?.sha256)
  })
})
