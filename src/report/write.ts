/** Writing the JSON and SARIF files next to each other. */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Report } from '../engine.js'
import { toJson } from './json.js'
import { toSarif } from './sarif.js'

export async function writeReportFiles(dir: string, r: Report, docsBase: string, extra: Record<string, unknown> = {}): Promise<{ json: string; sarif: string }> {
  await mkdir(dir, { recursive: true })
  const json = join(dir, 'release-gate.json')
  const sarif = join(dir, 'release-gate.sarif')
  await writeFile(json, toJson(r, extra))
  await writeFile(sarif, toSarif(r, docsBase))
  return { json, sarif }
}
