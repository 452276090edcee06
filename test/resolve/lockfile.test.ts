import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { lockedClosure, parseActionsLock } from '../../src/resolve/lockfile.js'
import { h1, hashDir } from '../../src/resolve/dirhash.js'
import { InputError } from '../../src/workflow/yaml.js'
import { fixturePath, readFixture } from '../helpers/audit.js'

const HDR = "version: 'v0.0.2'\n"
const ENTRY = (key: string, body = "        ref: 'v4.2.2'\n        commit: 'sha1-11bd71901bbe5b1630ceea73d27597364c9af683'\n        owner_id: 44036562\n        repo_id: 197814629\n") => `    '${key}':\n${body}`

describe('actions.lock', () => {
  it.each(readdirSync(fixturePath('corpus/locks')).map((f) => [f]))('accepts the real lockfile %s', (f) => {
    const l = parseActionsLock(readFixture(`corpus/locks/${f}`), f)
    expect(l.version).toBe('v0.0.2')
    expect(l.workflows.size + l.dependencies.size).toBeGreaterThan(0)
  })

  it('computes the locked closure through `uses`, keeps refs with @, and lower-cases owner/repo', () => {
    const l = parseActionsLock(readFixture('corpus/locks/github__gh-actions-lock__actions.lock'))
    const c = lockedClosure(l, '.github/workflows/release.yml')!
    expect([...c].sort()).toEqual(expect.arrayContaining(['actions/checkout@v6.0.2', 'cli/gh-extension-precompile@v2.1.0']))
    expect(l.dependencies.get('actions/attest-build-provenance@36fa7d009e22618ca7cd599486979b8150596c74')?.ref).toBe('predicate@1.1.4')
    expect(lockedClosure(l, '.github/workflows/absent.yml')).toBeUndefined()
  })

  it('treats `[]` as onboarded', () => {
    const l = parseActionsLock(readFixture('corpus/locks/hyperpolymath__atsiser__excerpt__actions.lock'))
    expect(lockedClosure(l, '.github/workflows/governance.yml')).toEqual(new Set())
  })

  it('reads v0.0.1 (commit suffixes, tag/branch) and v0.0.3 (hostname)', () => {
    const v1 = parseActionsLock("version: 'v0.0.1'\nworkflows:\n    '.github/workflows/t.yml':\n        - 'actions/checkout@v5.0.1:sha1-93cb6efe18208431cddfb8368fd83d5badbf9bfd'\ndependencies:\n    'actions/checkout@v5.0.1:sha1-93cb6efe18208431cddfb8368fd83d5badbf9bfd':\n        tag: 'v5.0.1'\n        branch: 'releases/v5'\n        commit: 'sha1-93cb6efe18208431cddfb8368fd83d5badbf9bfd'\n        owner_id: 44036562\n        repo_id: 197814629\n")
    expect(v1.dependencies.get('actions/checkout@v5.0.1')?.ref).toBe('v5.0.1')
    expect(lockedClosure(v1, '.github/workflows/t.yml')).toEqual(new Set(['actions/checkout@v5.0.1']))
    const v3 = parseActionsLock(`version: 'v0.0.3'\ndependencies:\n${ENTRY('Actions/Checkout@v4.2.2')}        hostname: 'github.com'\n`)
    expect(v3.dependencies.get('actions/checkout@v4.2.2')?.hostname).toBe('github.com')
  })

  it.each([
    ["version: 'v0.0.2'\nextra: 1\n", '2:1', "unknown key 'extra'"],
    ['workflows: {}\n', '1:1', 'missing `version`'],
    ["version: 'v0.0.4'\n", '1:10', 'newer than release-gate understands (up to v0.0.3): upgrade release-gate'],
    ["version: 'v1.0.0'\n", '1:10', 'newer than release-gate understands'],
    ["version: 'latest'\n", '1:10', "unsupported lockfile version 'latest'"],
    [`${HDR}dependencies:\n${ENTRY('actions/checkout@v4.2.2', "        ref: 'v4.2.2'\n        commit: 'sha1-abc'\n        owner_id: 1\n        repo_id: 2\n")}`, '5:17', 'must be sha1- with 40 hex digits'],
    [`${HDR}dependencies:\n${ENTRY('actions/checkout@v4.2.2', "        ref: 'v4.2.2'\n        commit: 'sha1-11bd71901bbe5b1630ceea73d27597364c9af683'\n        owner_id: 0\n        repo_id: 2\n")}`, '6:19', '`owner_id` must be a positive integer'],
    [`${HDR}dependencies:\n${ENTRY('actions/checkout@v4.2.2', "        ref: 'v4'\n        commit: 'sha1-11bd71901bbe5b1630ceea73d27597364c9af683'\n        owner_id: 1\n        repo_id: 2\n")}`, '4:14', "has ref 'v4.2.2', but `ref` is 'v4'"],
    [`${HDR}dependencies:\n${ENTRY('actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', "        ref: 'v4.2.2'\n        commit: 'sha1-0000000000000000000000000000000000000000'\n        owner_id: 1\n        repo_id: 2\n")}`, '5:17', 'names commit 11bd71901bbe5b1630ceea73d27597364c9af683'],
    [`${HDR}dependencies:\n${ENTRY('actions/checkout@v4.2.2')}        tag: 'v4'\n`, '8:9', "unknown key 'tag' in dependency"],
    [`${HDR}dependencies:\n    'actions/checkout@v4.2.2':\n        commit: 'sha1-11bd71901bbe5b1630ceea73d27597364c9af683'\n        owner_id: 1\n        repo_id: 2\n`, '3:5', 'has no `ref`'],
    [`${HDR}dependencies:\n${ENTRY('actions/checkout/save@v4.2.2')}`, '3:5', 'is not a pin key'],
    [`${HDR}dependencies:\n${ENTRY('actions/checkout@v4.2.2')}${ENTRY('Actions/Checkout@v4.2.2', "        ref: 'v4.2.2'\n        commit: 'sha1-11bd71901bbe5b1630ceea73d27597364c9af683'\n        owner_id: 44036562\n        repo_id: 1\n")}`, '8:5', "duplicate dependency key 'Actions/Checkout@v4.2.2' (as actions/checkout@v4.2.2), first defined at line 3"],
    [`${HDR}dependencies:\n${ENTRY('actions/checkout@v4.2.2')}${ENTRY('actions/checkout@v4.2.2')}`, '8:5', 'Map keys must be unique'],
    [`${HDR}dependencies:\n${ENTRY('a/b@v1', "        ref: 'v1'\n        commit: 'sha1-11bd71901bbe5b1630ceea73d27597364c9af683'\n        owner_id: 1\n        repo_id: 2\n        uses:\n            - 'c/d@v1'\n")}${ENTRY('c/d@v1', "        ref: 'v1'\n        commit: 'sha1-11bd71901bbe5b1630ceea73d27597364c9af683'\n        owner_id: 1\n        repo_id: 3\n        uses:\n            - 'a/b@v1'\n")}`, '3:5', 'cycle in `uses`: a/b@v1 -> c/d@v1 -> a/b@v1'],
    [`${HDR}workflows:\n    '../outside.yml': []\n`, '3:5', "workflow path '../outside.yml' must be a relative path"],
    [`version: 'v0.0.3'\ndependencies:\n${ENTRY('actions/checkout@v4.2.2')}        hostname: 'evil.example.com'\n`, '8:19', 'must be github.com or <name>.ghe.com'],
  ])('rejects %j at %s: %s', (text, at, msg) => {
    try {
      parseActionsLock(text, 'actions.lock')
      throw new Error('accepted')
    } catch (e) {
      expect(e).toBeInstanceOf(InputError)
      const [line, col] = at.split(':').map(Number)
      expect((e as InputError).line).toBe(line)
      expect((e as InputError).column).toBe(col)
      expect((e as InputError).message).toContain(msg)
    }
  })

  it('rejects a file over 1 MiB', () => {
    expect(() => parseActionsLock(`${HDR}# ${'x'.repeat(1024 * 1024)}\n`)).toThrow(/at most 1048576 bytes/)
  })
})

describe('dirhash h1', () => {
  it('matches an independent computation with coreutils (Go dirhash.Hash1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h1-'))
    mkdirSync(join(dir, 'dist'))
    writeFileSync(join(dir, 'action.yml'), 'name: x\n')
    writeFileSync(join(dir, 'dist', 'index.js'), 'console.log(1)\n')
    writeFileSync(join(dir, 'README.md'), '# x\n')
    const script = "find . -type f | sed 's|^\\./||' | LC_ALL=C sort | while read -r f; do printf '%s  %s\\n' \"$(sha256sum \"$f\" | cut -d' ' -f1)\" \"$f\"; done | sha256sum | cut -d' ' -f1 | xxd -r -p | base64"
    const expected = execFileSync('bash', ['-c', script], { cwd: dir }).toString().trim()
    expect(await hashDir(dir)).toBe(expected)
    expect(h1([{ path: 'action.yml', data: Buffer.from('name: actions/checkout@main\n') }])).toBe('h1:JHipZi1UCvybC3fwi9RFLTK8vpI/gURTga/ColyHI4k=')
    expect(h1([{ path: 'b', data: Buffer.from('1') }, { path: 'a', data: Buffer.from('2') }])).toBe(h1([{ path: 'a', data: Buffer.from('2') }, { path: 'b', data: Buffer.from('1') }]))
  })
})
