#!/usr/bin/env node
// Entry point of the CLI (bundled to dist/cli.js). In a worker thread the same bundle audits
// its share of the files instead (see parallel.ts).
import { auditShare, main, setWorkerEntry } from './cli.js'
import { workerMain } from './parallel.js'

if (!(await workerMain(auditShare))) {
  setWorkerEntry(new URL(import.meta.url))
  process.exitCode = await main(process.argv.slice(2))
}
