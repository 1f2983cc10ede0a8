#!/usr/bin/env node
// Prints vitest's JSON report as one plain line: "N passed, N failed".
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 1;
try {
  const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.success === false && report.numFailedTests === 0 ? 1 : 0);
} catch {
  // no report: the run crashed before writing one, which counts as a failure
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
