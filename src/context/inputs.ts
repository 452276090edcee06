/**
 * Reading inputs into {@link Settings}, once, with strict validation: a typo must fail
 * loudly rather than quietly relax the gate.
 */
import { RULE_IDS } from '../audits/index.js'
import { parseAllowLine } from './allow.js'
import { FAIL_ON_VALUES } from './settings.js'
import type { FailOn, Settings } from './settings.js'

/** Where raw input strings come from: the action's `INPUT_*` or the CLI's flags. */
export interface InputSource {
  /** The raw value, '' when unset. */
  get(name: string): string
}

export const INPUTS = {
  token: 'token',
  failOn: 'fail-on',
  config: 'config',
  disable: 'disable',
  allow: 'allow',
  offline: 'offline',
} as const

export const DEFAULT_CONFIG_PATH = '.github/release-gate.yml'

/** YAML 1.2 core booleans, as the runner documents for boolean inputs. */
export function parseBoolean(name: string, value: string, dflt: boolean): boolean {
  const v = value.trim()
  if (v === '') return dflt
  if (['true', 'True', 'TRUE'].includes(v)) return true
  if (['false', 'False', 'FALSE'].includes(v)) return false
  throw new Error(`Input '${name}' is '${v}'; expected true or false`)
}

export function parseList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'))
}

export function readSettings(src: InputSource): Settings {
  const failOn = (src.get(INPUTS.failOn).trim() || 'error') as FailOn
  if (!FAIL_ON_VALUES.includes(failOn)) {
    throw new Error(`Input 'fail-on' is '${failOn}'; expected one of ${FAIL_ON_VALUES.join(', ')}`)
  }
  const disabled = parseList(src.get(INPUTS.disable))
  for (const id of disabled) {
    if (!RULE_IDS.includes(id)) throw new Error(`Input 'disable' names '${id}', which is not a rule; known rules: ${RULE_IDS.join(', ')}`)
  }
  const allow = src
    .get(INPUTS.allow)
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'))
    .map((line) => parseAllowLine(line, 'input'))
  return {
    token: src.get(INPUTS.token).trim(),
    failOn,
    configPath: src.get(INPUTS.config).trim() || DEFAULT_CONFIG_PATH,
    disabled,
    allow,
    offline: parseBoolean(INPUTS.offline, src.get(INPUTS.offline), false),
  }
}
