/** Many files on every core: the bundled CLI gives the same report with workers as without. */
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { promisify } from 'node:util'
import { fixturePath } from './helpers/audit.js'

const exec = promisify(execFile)
const CLI = join(process.cwd(), 'dist', 'cli.js')

async function audit(dir: string, workers: string) {
  try {
    const r = await exec(process.execPath, [CLI, 'audit', dir, '--format', 'json'], { env: { PATH: process.env.PATH, RELEASE_GATE_WORKERS: workers }, maxBuffer: 256 * 1024 * 1024 })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string }
    return { code: x.code, stdout: x.stdout, stderr: x.stderr }
  }
}

function corpusCopies(n: number): string {
  const src = fixturePath('corpus/workflows')
  const files = readdirSync(src)
  const dir = mkdtempSync(join(tmpdir(), 'rg-par-'))
  for (let i = 0; i < n; i++) copyFileSync(join(src, files[i % files.length]), join(dir, `${String(i).padStart(4, '0')}-${files[i % files.length]}`))
  return dir
}

describe('parallel audit', () => {
  it('reports exactly what a single thread reports', async () => {
    const dir = corpusCopies(240)
    const one = await audit(dir, '1')
    const two = await audit(dir, '2')
    expect(two.code).toBe(one.code)
    expect(two.stdout).toBe(one.stdout)
    expect(JSON.parse(two.stdout).files).toHaveLength(240)
  }, 60000)

  it('stops at an invalid file in a worker with exit 2, naming it', async () => {
    const dir = corpusCopies(220)
    writeFileSync(join(dir, '0100-broken.yml'), 'on: push\njobs:\n  a: [1,\n')
    const r = await audit(dir, '2')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/0100-broken\.yml:\d+:\d+: invalid YAML/)
  }, 60000)

  it('with three threads taking chunks, names the first broken file in order, as a sequential run does', async () => {
    const dir = corpusCopies(230)
    writeFileSync(join(dir, '0150-broken.yml'), 'on: push\njobs:\n  a: [1,\n')
    writeFileSync(join(dir, '0040-broken.yml'), 'on: push\njobs:\n  b: {\n')
    const one = await audit(dir, '1')
    const three = await audit(dir, '3')
    expect(one.code).toBe(2)
    expect(three.code).toBe(2)
    expect(one.stderr).toMatch(/0040-broken\.yml:\d+:\d+: invalid YAML/)
    expect(three.stderr).toBe(one.stderr)
  }, 60000)
})
