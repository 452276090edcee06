/**
 * release-gate.schema.json, the JSON Schema editors use for .github/release-gate.yml, agrees with
 * the config parser: every sample the schema accepts the parser accepts, and every sample the
 * parser refuses the schema refuses too, so an editor never passes a file the gate rejects.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { parseConfig } from '../../src/context/config.js'
import { RULE_IDS, ruleById } from '../../src/audits/index.js'

const schema = JSON.parse(readFileSync(join(process.cwd(), 'release-gate.schema.json'), 'utf8'))
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema)

function parserAccepts(text: string): boolean {
  try {
    parseConfig(text, '.github/release-gate.yml')
    return true
  } catch {
    return false
  }
}

/** [sample, valid] — valid is what both must say. */
const SAMPLES: Array<[string, boolean]> = [
  ['', true],
  ['# only a comment\n', true],
  ['rules:\n', true],
  ['allow:\n', true],
  ['rules:\n  unpinned-uses:\n', true],
  ['rules:\n  unpinned-uses:\n    severity: warning\n', true],
  ['rules:\n  unpinned-uses:\n    severity: note\n    ignore:\n      - .github/workflows/release.yml:42\n', true],
  ['rules:\n  unpinned-images:\n    disable: true\n', true],
  ['rules:\n  artipacked:\n    ignore: .github/workflows/ci.yml\n', true],
  ['rules:\n  artipacked:\n    ignore: []\n', true],
  ['rules:\n  self-hosted-runner:\n    config:\n      allow-labels:\n        - "ubuntu-24.04-16core -- our larger runner"\n        - { label: "arc-*", reason: ephemeral pool }\n', true],
  ['rules:\n  self-hosted-runner:\n    config: {}\n', true],
  ['rules:\n  unpinned-uses:\n    config: {}\n', true],
  ['rules:\n  ignore-without-reason:\n    severity: error\n', true],
  ['allow:\n  - uses: slsa-framework/slsa-github-generator/*\n    reason: verifies its own ref; must be called by tag\n', true],
  ['allow:\n  - "slsa-framework/slsa-github-generator/* -- must be called by tag"\n', true],
  ['allow: ["a/b -- one", { uses: c/*, reason: two }]\n', true],
  // refused by both
  ['- rules\n', false],
  ['just text\n', false],
  ['rule:\n  unpinned-uses:\n    severity: warning\n', false],
  ['rules:\n  unpinned-use:\n    severity: warning\n', false],
  ['rules:\n  unpinned-uses:\n    severity: high\n', false],
  ['rules:\n  unpinned-uses:\n    severity:\n', false],
  ['rules:\n  unpinned-uses:\n    disable: yes\n', false],
  ['rules:\n  unpinned-uses:\n    disable: "true"\n', false],
  ['rules:\n  unpinned-uses:\n    ignored: [x]\n', false],
  ['rules:\n  unpinned-uses:\n    ignore: [""]\n', false],
  ['rules:\n  unpinned-uses:\n    ignore: ["  "]\n', false],
  ['rules:\n  unpinned-uses:\n    ignore: [[a]]\n', false],
  ['rules:\n  unpinned-uses:\n    ignore:\n', false],
  ['rules:\n  unpinned-uses:\n    config: [a]\n', false],
  ['rules:\n  unpinned-uses: true\n', false],
  ['rules:\n  cache-poisoning:\n    config: { actions: [my-org/cache] }\n', false],
  ['rules:\n  self-hosted-runner:\n    config:\n      allow-labels: big-runner\n', false],
  ['rules:\n  self-hosted-runner:\n    config:\n      allow-labels: ["big-runner"]\n', false],
  ['rules:\n  self-hosted-runner:\n    config:\n      allow-labels: [" -- no label"]\n', false],
  ['rules:\n  self-hosted-runner:\n    config:\n      allow-labels: [{ label: x }]\n', false],
  ['rules:\n  self-hosted-runner:\n    config:\n      allow-labels: [{ label: x, reason: " " }]\n', false],
  ['rules:\n  self-hosted-runner:\n    config:\n      allow-label: [x -- y]\n', false],
  ['rules: [unpinned-uses]\n', false],
  ['allow:\n  uses: a/b\n  reason: x\n', false],
  ['allow:\n  - uses: a/b\n', false],
  ['allow:\n  - uses: a/b\n    reason: "  "\n', false],
  ['allow:\n  - uses: ""\n    reason: x\n', false],
  ['allow:\n  - uses: a/b\n    reason: x\n    until: 2026-01-01\n', false],
  ['allow:\n  - "a/b"\n', false],
  ['allow:\n  - "a/b -- "\n', false],
  ['allow:\n  - " -- reason"\n', false],
  ['allow:\n  - "a b -- reason"\n', false],
]

describe('release-gate.schema.json', () => {
  it.each(SAMPLES.map(([t, v]) => [JSON.stringify(t), v, t]))('%s: valid=%s for the schema and the parser', (_label, valid, text) => {
    const data = parse(text as string) ?? null
    expect({ schema: validate(data), parser: parserAccepts(text as string) }).toEqual({ schema: valid, parser: valid })
  })

  it('names exactly the rules the gate knows, and each rule\'s options', () => {
    expect(Object.keys(schema.properties.rules.properties)).toEqual([...RULE_IDS])
    for (const id of RULE_IDS) {
      const ref = schema.properties.rules.properties[id].$ref.replace('#/definitions/', '')
      expect(Object.keys(schema.definitions[ref].properties.config.properties ?? {})).toEqual(Object.keys(ruleById(id)?.options ?? {}))
    }
  })

  it('is named for editors in the README and the example config', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8')
    expect(readme).toContain('# yaml-language-server: $schema=https://raw.githubusercontent.com/release-gate/release-gate/main/release-gate.schema.json')
    expect(schema.$id).toBe('https://raw.githubusercontent.com/release-gate/release-gate/main/release-gate.schema.json')
  })
})
