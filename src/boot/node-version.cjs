/* eslint-disable */
// The first code every entry runs (the command's loader, `npm run demo`). Written for any Node.js
// that can still parse a script: an older one must get one line saying what to do, not a stack
// trace from the first API it lacks. Keep it ES5: no const, no arrow functions, no template strings.
'use strict';
var fs = require('fs');
var path = require('path');

var NEEDED = { major: 20, minor: 19 };
var EXIT_CONFIG = 2;

/** The problem with running on Node.js `version` ("18.20.4"), or undefined when it is recent enough. */
function nodeVersionProblem(version, execPath, readme) {
  var parts = String(version).split('.');
  var major = parseInt(parts[0], 10);
  var minor = parseInt(parts[1], 10);
  if (major > NEEDED.major || (major === NEEDED.major && minor >= NEEDED.minor)) return undefined;
  return (
    'owm2mqtt needs Node.js ' +
    NEEDED.major +
    '.' +
    NEEDED.minor +
    ' or later, and this is Node.js ' +
    version +
    ' (' +
    execPath +
    ')' +
    '. Debian 12 and Raspberry Pi OS Bookworm ship Node.js 18: ' +
    (readme
      ? 'the section "Node.js 20.19 or later" of ' + readme + ' says how to get 20 there'
      : 'see the section "Node.js 20.19 or later" of owm2mqtt\'s README') +
    ' (check with: node --version). Nothing was started.'
  );
}

/** The README beside the program (dist/ or src/boot/ inside the package or the repository). */
function findReadme(from) {
  for (var dir = from, i = 0; i < 3; i++, dir = path.dirname(dir)) {
    var candidate = path.join(dir, 'README.md');
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch (_error) {}
  }
  return undefined;
}

var problem = nodeVersionProblem(process.versions.node, process.execPath, findReadme(__dirname));
if (problem !== undefined) {
  process.stderr.write(problem + '\n');
  process.exit(EXIT_CONFIG);
}

module.exports = { nodeVersionProblem: nodeVersionProblem };
