/** Every rule has its doc page, tests and fixtures, and its id is its file name. */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { RULES, RULE_IDS } from '../../src/audits/index.js'

const root = process.cwd()
/** Rules fed by the engine rather than by a workflow: tested elsewhere, no fixture pair. */
const NO_FIXTURES = new Set(['check-failed', 'ignore-without-reason'])

describe('rule registry', () => {
  it('lists rules in alphabetical order', () => {
    const ids = RULES.map((r) => r.id)
    expect(ids).toEqual([...ids].sort())
  })

  it('has one source file per rule, named by its id', () => {
    const files = readdirSync(join(root, 'src', 'audits'))
    for (const r of RULES) {
      expect(files).toContain(`${r.id}.ts`)
      expect(readFileSync(join(root, 'src', 'audits', `${r.id}.ts`), 'utf8')).toContain(`id: '${r.id}'`)
    }
  })

  it.each(RULE_IDS.map((id) => [id]))('%s has a doc page with the required sections', (id) => {
    const p = join(root, 'docs', 'rules', `${id}.md`)
    expect(existsSync(p)).toBe(true)
    const text = readFileSync(p, 'utf8')
    expect(text.startsWith(`# ${id}\n`)).toBe(true)
    for (const h of ['## What it detects', '## Why it matters', '## How to fix', '## Ignoring']) expect(text).toContain(h)
  })

  it.each(RULES.filter((r) => !NO_FIXTURES.has(r.id)).map((r) => [r.id]))('%s has a test and a positive/near-miss fixture pair', (id) => {
    expect(existsSync(join(root, 'test', 'audits', `${id}.test.ts`))).toBe(true)
    for (const f of ['positive.yml', 'near-miss.yml']) expect(existsSync(join(root, 'test', 'fixtures', 'workflows', id, f))).toBe(true)
  })

  it('rule titles are short lowercase noun phrases', () => {
    for (const r of RULES) {
      expect(r.title.length).toBeLessThanOrEqual(60)
      expect(r.title[0]).toBe(r.title[0].toLowerCase())
    }
  })
})
