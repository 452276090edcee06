/**
 * JSON-schema validation for tests: the SARIF 2.1.0 schema as @microsoft/jest-sarif ships it
 * (sarif-2.1.0-rtm.5.json, the schema SchemaStore publishes for `$schema: sarif-2.1.0`), written
 * in JSON Schema draft-04, checked with ajv's draft-04 class.
 */
import { createRequire } from 'node:module'
import Ajv04Module from 'ajv-draft-04'
import type { ValidateFunction } from 'ajv'

const require = createRequire(import.meta.url)

let sarif: ValidateFunction | undefined

/** Errors of a SARIF log against the 2.1.0 schema, as `path: message` lines; [] when valid. */
export function sarifErrors(log: unknown): string[] {
  if (!sarif) {
    // CJS default export seen from ESM: the class is the module or its `default`
    const Ajv04 = ((Ajv04Module as unknown as { default?: typeof Ajv04Module }).default ?? Ajv04Module) as unknown as new (o: object) => import('ajv').default
    // the schema's language-tag pattern is not valid in Unicode mode; its formats are checked here
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false })
    ajv.addFormat('uri', (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(s))
    ajv.addFormat('uri-reference', (s: string) => /^[^\s]*$/.test(s) && !s.includes('\\'))
    ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s))
    sarif = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'))
  }
  const v = sarif
  return v(log) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`)
}
