#!/usr/bin/env node
// Prints one or more vitest JSON reports as one plain line: "N passed, N failed" (a missing report, from a run
// that crashed before writing one, counts as a failure), after how long each suite took.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.success === false && report.numFailedTests === 0 ? 1 : 0);
    const ends = report.testResults.map((r) => r.endTime).filter(Number.isFinite);
    const seconds = ends.length ? (Math.max(...ends) - report.startTime) / 1000 : 0;
    process.stdout.write(`${file}: ${report.numTotalTests} tests in ${seconds.toFixed(0)} s\n`);
  } catch {
    failed += 1;
  }
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
