// The child process of agreement-runner.ts: plays the runs it is given live, at once, compares each
// with its seeds' spread and writes the agreements as JSON to the file it is given. Args: OUT_FILE RUNS_JSON.

import { writeFileSync } from 'node:fs';
import { playAndCompare, type LessonRun } from './agreement-runner.js';

const [out, runs] = process.argv.slice(2);
if (!out || !runs) throw new Error('usage: agreement-child.ts OUT_FILE RUNS_JSON');
writeFileSync(out, JSON.stringify(await playAndCompare(JSON.parse(runs) as LessonRun[])));
