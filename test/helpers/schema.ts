/**
 * JSON-schema validation for tests: ajv 6 (draft-04, which the SARIF 2.1.0 schema is written in)
 * and the SARIF 2.1.0 schema as @microsoft/jest-sarif ships it (sarif-2.1.0-rtm.5.json, the
 * schema SchemaStore publishes for `$schema: sarif-2.1.0`).
 */
import { createRequire } from 'node:module'
import Ajv from 'ajv'

const require = createRequire(import.meta.url)

let sarif: Ajv.ValidateFunction | undefined

/** Errors of a SARIF log against the 2.1.0 schema, as `path: message` lines; [] when valid. */
export function sarifErrors(log: unknown): string[] {
  if (!sarif) {
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true, validateSchema: false })
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'))
    sarif = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'))
  }
  return sarif(log) ? [] : (sarif.errors ?? []).map((e) => `${e.dataPath || '/'}: ${e.message}`)
}
