/**
 * The config file (`.github/release-gate.yml`):
 *
 *   rules:
 *     <rule-id>:
 *       disable: true
 *       severity: warning          # error | warning | note
 *       ignore: [".github/workflows/release.yml:12"]
 *       config: { … }              # rule-specific options
 *   allow:
 *     - uses: slsa-framework/slsa-github-generator/*
 *       reason: must be referenced by tag
 *
 * Unknown keys and unknown rule ids are errors: a typo must not silently relax the gate.
 */
import { RULE_IDS, ruleById } from '../audits/index.js'
import type { Severity } from '../audits/finding.js'
import { InputError, parseYaml, get, toJS } from '../workflow/yaml.js'
import type { YNode } from '../workflow/yaml.js'
import { parseAllowLine } from './allow.js'
import type { Config, RuleConfig } from './settings.js'

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note']

export function emptyConfig(): Config {
  return { rules: {}, allow: [] }
}

function fail(file: string, node: YNode | undefined, msg: string): never {
  throw new InputError(msg, file, node?.pos.line, node?.pos.column)
}

function onlyKeys(file: string, node: YNode, allowed: string[], where: string): void {
  if (node.kind !== 'map') fail(file, node, `${where} must be a mapping`)
  for (const p of node.pairs) {
    const k = String(p.key.value)
    if (!allowed.includes(k)) fail(file, p.key, `unknown key '${k}' in ${where}; expected one of ${allowed.join(', ')}`)
  }
}

export function parseConfig(text: string, file: string): Config {
  const { root } = parseYaml(text, file)
  const cfg = emptyConfig()
  if (!root || (root.kind === 'scalar' && root.value === null)) return cfg
  onlyKeys(file, root, ['rules', 'allow'], 'the config file')
  const rules = get(root, 'rules')
  if (rules && !(rules.kind === 'scalar' && rules.value === null)) {
    if (rules.kind !== 'map') fail(file, rules, '`rules:` must be a mapping of rule ids')
    for (const p of rules.pairs) {
      const id = String(p.key.value)
      if (!RULE_IDS.includes(id)) fail(file, p.key, `unknown rule '${id}'; known rules: ${RULE_IDS.join(', ')}`)
      const rc: RuleConfig = {}
      const v = p.value
      if (v.kind === 'scalar' && v.value === null) continue
      onlyKeys(file, v, ['disable', 'severity', 'ignore', 'config'], `rules.${id}`)
      const dis = get(v, 'disable')
      if (dis) {
        if (dis.kind !== 'scalar' || typeof dis.value !== 'boolean') fail(file, dis, `rules.${id}.disable must be true or false`)
        rc.disable = dis.value
      }
      const sev = get(v, 'severity')
      if (sev) {
        if (sev.kind !== 'scalar' || !SEVERITIES.includes(sev.value as Severity)) {
          fail(file, sev, `rules.${id}.severity must be one of ${SEVERITIES.join(', ')}`)
        }
        rc.severity = sev.value as Severity
      }
      const ign = get(v, 'ignore')
      if (ign) {
        const items = ign.kind === 'seq' ? ign.items : [ign]
        rc.ignore = items.map((it) => {
          if (it.kind !== 'scalar' || it.value === null || String(it.value).trim() === '') {
            fail(file, it, `rules.${id}.ignore entries must be 'path' or 'path:line'`)
          }
          return String(it.value)
        })
      }
      const conf = get(v, 'config')
      if (conf) {
        if (conf.kind !== 'map') fail(file, conf, `rules.${id}.config must be a mapping`)
        const o: Record<string, unknown> = {}
        const known = ruleById(id)?.options ?? {}
        for (const cp of conf.pairs) {
          const key = String(cp.key.value)
          if (!(key in known)) {
            const keys = Object.keys(known)
            fail(file, cp.key, `rule '${id}' has no option '${key}'${keys.length ? `; its options: ${keys.join(', ')}` : '; it takes no options'}`)
          }
          o[key] = toJS(cp.value)
        }
        const err = ruleById(id)?.validate?.(o)
        if (err) fail(file, conf, `rules.${id}.config: ${err}`)
        rc.config = o
      }
      cfg.rules[id] = rc
    }
  }
  const allow = get(root, 'allow')
  if (allow && !(allow.kind === 'scalar' && allow.value === null)) {
    if (allow.kind !== 'seq') fail(file, allow, '`allow:` must be a list of { uses, reason }')
    for (const it of allow.items) {
      if (it.kind === 'scalar' && typeof it.value === 'string') {
        try {
          cfg.allow.push(parseAllowLine(it.value, 'config'))
        } catch (e) {
          fail(file, it, (e as Error).message)
        }
        continue
      }
      onlyKeys(file, it, ['uses', 'reason'], 'an `allow:` entry')
      const uses = get(it, 'uses')
      const reason = get(it, 'reason')
      if (!uses || uses.kind !== 'scalar' || !uses.value) fail(file, it, 'an `allow:` entry needs `uses:`')
      if (!reason || reason.kind !== 'scalar' || !String(reason.value ?? '').trim()) {
        fail(file, it, `allow entry '${String(uses.value)}' needs a \`reason:\` saying why it cannot be pinned`)
      }
      cfg.allow.push({ pattern: String(uses.value), reason: String(reason.value), source: 'config' })
    }
  }
  return cfg
}
