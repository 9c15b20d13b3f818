// JUnit XML for CI test reporters: one testsuite per scenario file, one testcase per assertion.
// Every text is escaped, and characters XML 1.0 cannot carry at all are replaced.

export interface JunitCase {
  classname: string;
  name: string;
  /** Null when it passed. */
  failure: { message: string; details: string } | null;
  /** Set when there was nothing to check (a scenario without Expect). */
  skipped?: string;
}

export interface JunitSuite {
  name: string;
  /** Wall time of its runs, in seconds. */
  timeSeconds: number;
  cases: JunitCase[];
}

// Tab, newline and carriage return are the only control characters XML 1.0 allows; lone surrogates
// and U+FFFE/U+FFFF are not characters at all.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe inside an attribute or an element. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const seconds = (value: number): string => (Number.isFinite(value) && value > 0 ? value.toFixed(3) : '0');

export function junitXml(suites: readonly JunitSuite[], name = 'lbsim test'): string {
  const count = (pick: (c: JunitCase) => boolean, suite?: JunitSuite) => (suite ? suite.cases : suites.flatMap((s) => s.cases)).filter(pick).length;
  const failed = (c: JunitCase) => c.failure !== null;
  const skipped = (c: JunitCase) => c.skipped !== undefined;
  const all = () => true;
  const total = suites.reduce((sum, suite) => sum + suite.timeSeconds, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites name="${escapeXml(name)}" tests="${count(all)}" failures="${count(failed)}" errors="0" skipped="${count(skipped)}" time="${seconds(total)}">`);
  for (const suite of suites) {
    const attributes = `name="${escapeXml(suite.name)}" tests="${count(all, suite)}" failures="${count(failed, suite)}" errors="0" skipped="${count(skipped, suite)}" time="${seconds(suite.timeSeconds)}"`;
    lines.push(`  <testsuite ${attributes}>`);
    for (const testCase of suite.cases) lines.push(...caseLines(testCase));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function caseLines(testCase: JunitCase): string[] {
  const open = `    <testcase classname="${escapeXml(testCase.classname)}" name="${escapeXml(testCase.name)}"`;
  if (testCase.failure !== null) {
    const { message, details } = testCase.failure;
    return [`${open}>`, `      <failure message="${escapeXml(message)}" type="AssertionFailed">${escapeXml(details)}</failure>`, '    </testcase>'];
  }
  if (testCase.skipped !== undefined) return [`${open}>`, `      <skipped message="${escapeXml(testCase.skipped)}"/>`, '    </testcase>'];
  return [`${open}/>`];
}
