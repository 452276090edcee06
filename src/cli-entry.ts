#!/usr/bin/env node
// Entry point of the CLI (bundled to dist/cli.js).
import { main } from './cli.js'

process.exitCode = await main(process.argv.slice(2))
