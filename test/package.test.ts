/**
 * The npm package: `npm pack` holds the bundle, the docs, the schema and the action files, and
 * nothing else (no sources, no tests); it has no runtime dependencies (the bundle holds them);
 * installed from the tarball, offline, into an empty folder, its `release-gate` command works.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { promisify } from 'node:util'
import { fixturePath } from './helpers/audit.js'

const exec = promisify(execFile)
const ROOT = process.cwd()
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))

let dir: string
let packed: { filename: string; files: Array<{ path: string }> }
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rg-pack-'))
  const env = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }
  const r = await exec('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, env })
  packed = JSON.parse(r.stdout)[0]
  await exec('npm', ['install', '--prefix', join(dir, 'app'), join(dir, packed.filename)], { cwd: dir, env })
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function bin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = join(dir, 'app', 'node_modules', '.bin', 'release-gate')
  try {
    const r = await exec(cli, args, { cwd: join(dir, 'app'), env: { PATH: process.env.PATH, HOME: dir } })
    return { code: 0, ...r }
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string }
    return { code: x.code, stdout: x.stdout, stderr: x.stderr }
  }
}

describe('the npm package', () => {
  it('is publishable, with a bin and no runtime dependencies', () => {
    expect(pkg.private).toBeUndefined()
    expect(pkg.bin).toEqual({ 'release-gate': 'dist/cli.js' })
    expect(pkg.dependencies ?? {}).toEqual({})
    // what the bundle holds is still installed by `npm ci` for the build and the tests
    for (const d of ['@actions/core', 'yaml']) expect(pkg.devDependencies[d]).toBeDefined()
  })

  it('has the version the CLI and the changelog name', async () => {
    const { VERSION } = await import('../src/engine.js')
    expect(VERSION).toBe(pkg.version)
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\]`, 'm'))
  })

  it('holds the bundle, docs, schema and action files, and no sources or tests', () => {
    const files = packed.files.map((f) => f.path).sort()
    for (const f of ['dist/cli.js', 'dist/index.js', 'dist/audit.js', 'dist/verify.js', 'action.yml', 'audit/action.yml', 'verify/action.yml', 'release-gate.schema.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'docs/rules/unpinned-uses.md']) {
      expect(files).toContain(f)
    }
    expect(files.filter((f) => /^(src|test|scripts|bench|examples|node_modules|\.github)\//.test(f) || f.endsWith('.ts'))).toEqual([])
  })

  it('installed from the tarball (offline), `release-gate` audits a workflow', async () => {
    expect(statSync(join(dir, 'app', 'node_modules', 'release-gate', 'dist', 'cli.js')).mode & 0o111).not.toBe(0)
    const v = await bin(['--version'])
    expect(v.stdout).toBe(`release-gate ${pkg.version}\n`)
    const fail = await bin(['audit', fixturePath('workflows/unpinned-uses/positive.yml')])
    expect(fail.code).toBe(1)
    expect(fail.stdout).toMatch(/^error\[unpinned-uses\]/m)
    const pass = await bin(['audit', join(ROOT, 'examples', 'pypi.yml')])
    expect(pass.code).toBe(0)
    expect(pass.stdout).toMatch(/^PASS: no findings$/m)
    // nothing but the package itself was installed
    expect((await exec('npm', ['ls', '--all', '--parseable', '--prefix', join(dir, 'app')], { env: process.env })).stdout.trim().split('\n')).toHaveLength(2)
  })
})
