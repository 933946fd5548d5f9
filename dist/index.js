import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 4158:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {


/**
 * @license
 * Copyright 2020 Balena Ltd.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *    http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 *
 * ------------------------------------------------------------------------
 *
 * Copyright 2018 Zeit, Inc.
 * Licensed under the MIT License. See file LICENSE.md for a full copy.
 *
 * ------------------------------------------------------------------------
 */

/**
 * This module implements the [dockerignore
 * spec](https://docs.docker.com/engine/reference/builder/#dockerignore-file),
 * closely following Docker's (Moby) Golang implementation:
 * https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go
 * https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go
 * https://github.com/moby/moby/blob/v19.03.8/pkg/archive/archive.go#L825
 *
 * Something the spec is not clear about, but we discovered by reading source code
 * and testing against the "docker build" command, is the handling of backslashes and
 * forward slashes as path separators and escape characters in the .dockerignore file
 * across platforms including Windows, Linux and macOS:
 *
 * * On Linux and macOS, only forward slashes can be used as path separators in the
 *   .dockerignore file, and the backslash works as an escape character.
 * * On Windows, both forward slashes and backslashes are allowed as path separators
 *   in the .dockerignore file, and the backslash is not used as an escape character.
 *
 * This is consistent with how Windows works generally: both forward slashes and
 * backslashes are accepted as path separators by the cmd.exe Command Prompt or
 * PowerShell, and by library functions like the Golang filepath.Clean or the
 * Node.js path.normalize.
 *
 * Similarly, path strings provided to the IgnoreBase.ignores() and IgnoreBase.filter()
 * methods can use either forward slashes or backslashes as path separators on Windows,
 * but only forward slashes are accepted as path separators on Linux and macOS.
 */

const path = __nccwpck_require__(6928);

const factory = options => new IgnoreBase(options); // https://github.com/kaelzhang/node-ignore/blob/5.1.4/index.js#L538-L539
// Fixes typescript module import


factory.default = factory;
module.exports = factory;

function make_array(subject) {
  return Array.isArray(subject) ? subject : [subject];
}

const REGEX_TRAILING_SLASH = /(?<=.)\/$/;
const REGEX_TRAILING_BACKSLASH = /(?<=.)\\$/;
const REGEX_TRAILING_PATH_SEP = path.sep === '\\' ? REGEX_TRAILING_BACKSLASH : REGEX_TRAILING_SLASH;
const KEY_IGNORE = typeof Symbol !== 'undefined' ? Symbol.for('dockerignore') : 'dockerignore'; // An implementation of Go's filepath.Clean
// https://golang.org/pkg/path/filepath/#Clean
// https://github.com/golang/go/blob/master/src/path/filepath/path.go
// Note that, like Go, on Windows this function converts forward slashes
// to backslashes.

function cleanPath(file) {
  return path.normalize(file).replace(REGEX_TRAILING_PATH_SEP, '');
} // Javascript port of Golang's filepath.ToSlash
// https://golang.org/pkg/path/filepath/#ToSlash
// https://github.com/golang/go/blob/master/src/path/filepath/path.go
// Convert any OS-specific path separator to '/'. Backslash is converted
// to forward slash on Windows, but not on Linux/macOS.
// Note that both forward slashes and backslashes are valid path separators on
// Windows. As a result, code such as `pattern.split(path.sep).join('/')` fails
// on Windows when forward slashes are used as path separators.


function toSlash(file) {
  if (path.sep === '/') {
    return file;
  }

  return file.replace(/\\/g, '/');
} // Javascript port of Golang's filepath.FromSlash
// https://github.com/golang/go/blob/master/src/path/filepath/path.go


function fromSlash(file) {
  if (path.sep === '/') {
    return file;
  }

  return file.replace(/\//g, path.sep);
}

class IgnoreBase {
  constructor({
    // https://github.com/kaelzhang/node-ignore/blob/5.1.4/index.js#L372
    ignorecase = true
  } = {}) {
    this._rules = [];
    this._ignorecase = ignorecase;
    this[KEY_IGNORE] = true;

    this._initCache();
  }

  _initCache() {
    this._cache = {};
  } // @param {Array.<string>|string|Ignore} pattern


  add(pattern) {
    this._added = false;

    if (typeof pattern === 'string') {
      pattern = pattern.split(/\r?\n/g);
    }

    make_array(pattern).forEach(this._addPattern, this); // Some rules have just added to the ignore,
    // making the behavior changed.

    if (this._added) {
      this._initCache();
    }

    return this;
  } // legacy


  addPattern(pattern) {
    return this.add(pattern);
  }

  _addPattern(pattern) {
    // https://github.com/kaelzhang/node-ignore/issues/32
    if (pattern && pattern[KEY_IGNORE]) {
      this._rules = this._rules.concat(pattern._rules);
      this._added = true;
      return;
    }

    if (this._checkPattern(pattern)) {
      const rule = this._createRule(pattern.trim());

      if (rule !== null) {
        this._added = true;

        this._rules.push(rule);
      }
    }
  }

  _checkPattern(pattern) {
    // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L34-L40
    return pattern && typeof pattern === 'string' && pattern.indexOf('#') !== 0 && pattern.trim() !== "";
  }

  filter(paths) {
    return make_array(paths).filter(path => this._filter(path));
  }

  createFilter() {
    return path => this._filter(path);
  }

  ignores(path) {
    return !this._filter(path);
  } // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L41-L53
  // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L29-L55


  _createRule(pattern) {
    const origin = pattern;
    let negative = false; // > An optional prefix "!" which negates the pattern;
    // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L43-L46

    if (pattern[0] === '!') {
      negative = true;
      pattern = pattern.substring(1).trim();
    } // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L47-L53


    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      pattern = toSlash(pattern);

      if (pattern.length > 1 && pattern[0] === '/') {
        pattern = pattern.slice(1);
      }
    } // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L54-L55


    if (negative) {
      pattern = '!' + pattern;
    } // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L30


    pattern = pattern.trim();

    if (pattern === "") {
      return null;
    } // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L34
    // convert forward slashes to backslashes on Windows


    pattern = cleanPath(pattern); // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L36-L42

    if (pattern[0] === '!') {
      if (pattern.length === 1) {
        return null;
      }

      negative = true;
      pattern = pattern.substring(1);
    } else {
      negative = false;
    }

    return {
      origin,
      pattern,
      // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L54
      dirs: pattern.split(path.sep),
      negative
    };
  } // @returns `Boolean` true if the `path` is NOT ignored


  _filter(path) {
    if (!path) {
      return false;
    }

    if (path in this._cache) {
      return this._cache[path];
    }

    return this._cache[path] = this._test(path);
  } // @returns {Boolean} true if a file is NOT ignored
  // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L62


  _test(file) {
    file = fromSlash(file); // equivalent to golang filepath.Dir() https://golang.org/src/path/filepath/path.go

    const parentPath = cleanPath(path.dirname(file));
    const parentPathDirs = parentPath.split(path.sep);
    let matched = false;

    this._rules.forEach(rule => {
      let match = this._match(file, rule); // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L80


      if (!match && parentPath !== ".") {
        // Check to see if the pattern matches one of our parent dirs.
        if (rule.dirs.includes('**')) {
          // Ah shucks! We have to test every possible parent path that has 
          // a number of dirs _n_ where 
          // `rule.dirs.filter(doubleStar).length <= _n_ <= parentPathDirs.length`
          // since the ** can imply any number of directories including 0
          for (let i = rule.dirs.filter(x => x !== '**').length; i <= parentPathDirs.length; i++) {
            match = match || this._match(parentPathDirs.slice(0, i).join(path.sep), rule);
          }
        } else if (rule.dirs.length <= parentPathDirs.length) {
          // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L83
          match = this._match(parentPathDirs.slice(0, rule.dirs.length).join(path.sep), rule);
        }
      }

      if (match) {
        matched = !rule.negative;
      }
    });

    return !matched;
  } // @returns {Boolean} true if a file is matched by a rule


  _match(file, rule) {
    return this._compile(rule).regexp.test(file);
  } // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L139


  _compile(rule) {
    if (rule.regexp) {
      return rule;
    }

    let regStr = '^'; // Go through the pattern and convert it to a regexp.

    let escapedSlash = path.sep === '\\' ? '\\\\' : path.sep;

    for (let i = 0; i < rule.pattern.length; i++) {
      const ch = rule.pattern[i];

      if (ch === '*') {
        if (rule.pattern[i + 1] === '*') {
          // is some flavor of "**"
          i++; // Treat **/ as ** so eat the "/"

          if (rule.pattern[i + 1] === path.sep) {
            i++;
          }

          if (rule.pattern[i + 1] === undefined) {
            // is "**EOF" - to align with .gitignore just accept all
            regStr += ".*";
          } else {
            // is "**"
            // Note that this allows for any # of /'s (even 0) because
            // the .* will eat everything, even /'s
            regStr += `(.*${escapedSlash})?`;
          }
        } else {
          // is "*" so map it to anything but "/"
          regStr += `[^${escapedSlash}]*`;
        }
      } else if (ch === '?') {
        // "?" is any char except "/"
        regStr += `[^${escapedSlash}]`;
      } else if (ch === '.' || ch === '$') {
        // Escape some regexp special chars that have no meaning
        // in golang's filepath.Match
        regStr += `\\${ch}`;
      } else if (ch === '\\') {
        // escape next char. Note that a trailing \ in the pattern
        // will be left alone (but need to escape it)
        if (path.sep === '\\') {
          // On windows map "\" to "\\", meaning an escaped backslash,
          // and then just continue because filepath.Match on
          // Windows doesn't allow escaping at all
          regStr += escapedSlash;
          continue;
        }

        if (rule.pattern[i + 1] !== undefined) {
          regStr += '\\' + rule.pattern[i + 1];
          i++;
        } else {
          regStr += '\\';
        }
      } else {
        regStr += ch;
      }
    }

    regStr += "$";
    rule.regexp = new RegExp(regStr, this._ignorecase ? 'i' : '');
    return rule;
  }

}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 5626:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("supports-color");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 3106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 7507:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  $6: () => (/* binding */ runnerIO),
  qz: () => (/* binding */ tell)
});

// UNUSED EXPORTS: TOLD_PER_KIND

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./lib/fs-async.js
var fs_async = __nccwpck_require__(8073);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: ./lib/stdout.js
var stdout = __nccwpck_require__(7080);
;// CONCATENATED MODULE: ./lib/runner-commands.js





function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
function getState(name) {
    return process.env[`STATE_${name}`] ?? '';
}
function setOutput(name, value) {
    if (process.env.GITHUB_OUTPUT) {
        fileCommand('OUTPUT', keyValue(name, value));
        return;
    }
    (0,stdout/* writeOut */.sD)(external_node_os_.EOL);
    command('set-output', { name }, value);
}
function saveState(name, value) {
    if (process.env.GITHUB_STATE) {
        fileCommand('STATE', keyValue(name, value));
        return;
    }
    command('save-state', { name }, value);
}
function setSecret(secret) {
    command('add-mask', {}, secret);
}
function debug(message) {
    command('debug', {}, message);
}
function info(message) {
    (0,stdout/* writeOut */.sD)(message + external_node_os_.EOL);
}
function warning(message, properties = {}) {
    command('warning', annotation(properties), message);
}
function notice(message, properties = {}) {
    command('notice', annotation(properties), message);
}
function error(message) {
    command('error', {}, message);
}
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
function startGroup(name) {
    command('group', {}, name);
}
function endGroup() {
    command('endgroup', {}, '');
}
/** Appends to the job summary as core.summary.addRaw(text, true).write() does. */
async function appendSummary(text) {
    const path = process.env.GITHUB_STEP_SUMMARY;
    if (!path)
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
    try {
        await (0,fs_async/* access */.T_)(path, external_node_fs_.constants.R_OK | external_node_fs_.constants.W_OK);
    }
    catch {
        throw new Error(`Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`);
    }
    await (0,fs_async/* appendFile */.dl)(path, text + external_node_os_.EOL);
}
function annotation(p) {
    if (Object.keys(p).length === 0)
        return {};
    return { title: p.title, file: p.file, line: p.startLine };
}
function command(name, properties, message) {
    let s = `::${name}`;
    // as core writes it: a space once there are properties at all, then those with a value
    if (Object.keys(properties).length > 0) {
        const props = Object.entries(properties).filter(([, v]) => v !== undefined && v !== '' && v !== 0);
        s += ` ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}`;
    }
    (0,stdout/* writeOut */.sD)(`${s}::${escapeData(message)}${external_node_os_.EOL}`);
}
function fileCommand(name, message) {
    const path = process.env[`GITHUB_${name}`];
    if (!path)
        throw new Error(`Unable to find environment variable for file command ${name}`);
    if (!(0,external_node_fs_.existsSync)(path))
        throw new Error(`Missing file at path: ${path}`);
    (0,external_node_fs_.appendFileSync)(path, `${message}${external_node_os_.EOL}`, { encoding: 'utf8' });
}
/**
 * A UUID-shaped delimiter from Math.random, where @actions/core uses crypto's: the checks below
 * keep a value from ending the heredoc whatever the delimiter, and node:crypto costs every run's
 * start-up a few milliseconds for nothing else.
 */
function randomId() {
    const hex = (n) => Math.floor(Math.random() * 16 ** n)
        .toString(16)
        .padStart(n, '0');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(Math.random() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
}
function keyValue(key, value) {
    const delimiter = `ghadelimiter_${randomId()}`;
    if (key.includes(delimiter))
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    if (value.includes(delimiter))
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    return `${key}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}`;
}
function escapeData(s) {
    return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./lib/github/client.js
var client = __nccwpck_require__(636);
// EXTERNAL MODULE: ./lib/regular-file.js
var regular_file = __nccwpck_require__(2454);
// EXTERNAL MODULE: ./lib/json.js
var json = __nccwpck_require__(6413);
;// CONCATENATED MODULE: ./lib/github/event.js

/** The `repository` object of an event payload's text, when there is one. */
function eventRepository(payload) {
    const event = (0,json/* parseJson */.qF)(payload);
    return (0,json/* isRecord */.u4)(event) && (0,json/* isRecord */.u4)(event.repository) ? event.repository : undefined;
}

// EXTERNAL MODULE: ./lib/problems.js
var lib_problems = __nccwpck_require__(5451);
;// CONCATENATED MODULE: ./lib/action-io.js










function properties(at) {
    if (!at)
        return {};
    const p = { file: at.file };
    if (at.line !== undefined)
        p.startLine = at.line;
    if (at.title !== undefined)
        p.title = at.title;
    return p;
}
/** Problems of one kind told in the job log; one line counts the rest (a glob can match thousands of files that hold no build). */
const TOLD_PER_KIND = 10;
/**
 * Each problem in the job log as its severity says: a notice, or a warning on its file when it
 * has one; past TOLD_PER_KIND of a kind, one line that counts them. The JSON report has them all.
 */
function tell(io, problems) {
    const kinds = new Map();
    for (const p of problems) {
        const kind = kinds.get(p.code) ?? { count: 0, severity: p.severity };
        kinds.set(p.code, kind);
        if (++kind.count > TOLD_PER_KIND)
            continue;
        if (p.severity === 'notice')
            io.notice((0,lib_problems/* describeProblem */.BJ)(p));
        // a byte offset (rawjson) is no line to annotate
        else
            io.warning((0,lib_problems/* describeProblem */.BJ)(p), p.file === undefined ? undefined : { file: p.file });
    }
    for (const [code, kind] of kinds) {
        if (kind.count <= TOLD_PER_KIND)
            continue;
        const more = `… and ${kind.count - TOLD_PER_KIND} more problems like these (${code}); the JSON report has them all`;
        if (kind.severity === 'notice')
            io.notice(more);
        else
            io.warning(more);
    }
}
/** A file written whole, its folder made first; a FIFO as report-file would wait for a reader forever, so only a regular file is written. */
async function writeFileThere(path, text) {
    await (0,fs_async/* mkdirs */.Nc)((0,external_node_path_.dirname)(path));
    const written = await (0,regular_file/* writeRegularFile */.E2)(path, text);
    if (!written.ok)
        throw new Error(written.message);
}
function runnerIO() {
    return {
        getInput: (name) => getInput(name),
        getState: (name) => getState(name),
        saveState: (name, value) => {
            saveState(name, value);
        },
        setSecret: (value) => {
            setSecret(value);
        },
        debug: (message) => {
            debug(message);
        },
        setOutput: (name, value) => {
            setOutput(name, value);
        },
        appendSummary: async (markdown) => {
            await appendSummary(markdown);
        },
        writeFile: writeFileThere,
        writeFilePieces: writeFileThere,
        info: (message) => {
            info(message);
        },
        warning: (message, at) => {
            warning(message, properties(at));
        },
        notice: (message, at) => {
            notice(message, properties(at));
        },
        setFailed: (message) => {
            setFailed(message);
        },
        group: async (title, fn) => {
            // the token that turns commands back on must not be guessable by the text printed in between: crypto's, loaded when a group is printed
            const { randomUUID } = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 7598, 19));
            startGroup(title);
            const token = randomUUID();
            (0,stdout/* writeOut */.sD)(`::stop-commands::${token}\n`);
            try {
                return await fn((text) => {
                    (0,stdout/* writeOut */.sD)(`${text}\n`);
                });
            }
            finally {
                (0,stdout/* writeOut */.sD)(`::${token}::\n`);
                endGroup();
            }
        },
        now: () => new Date(),
        env: process.env,
        cwd: process.cwd(),
        cpus: (0,external_node_os_.cpus)().length,
        eventRepository: action_io_eventRepository(process.env.GITHUB_EVENT_PATH),
        githubRequest: client/* githubRequest */.H6
    };
}
function action_io_eventRepository(path) {
    if (path === undefined || path === '')
        return undefined;
    try {
        return eventRepository((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 3299:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   KH: () => (/* binding */ analyse),
/* harmony export */   Lc: () => (/* binding */ foldOf),
/* harmony export */   WW: () => (/* binding */ stepRef),
/* harmony export */   aK: () => (/* binding */ hitRate),
/* harmony export */   wp: () => (/* binding */ AnalysisFold)
/* harmony export */ });
/* unused harmony exports SLOWEST, cacheBreaks */
/* harmony import */ var _model_build_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(42);
/* harmony import */ var _round_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(9431);


const SLOWEST = 10;
function hitRate(cached, steps) {
    if (steps === 0)
        return null;
    const rate = (0,_round_js__WEBPACK_IMPORTED_MODULE_1__/* .tenths */ .TP)((cached / steps) * 100);
    return rate === 100 && cached < steps ? 99.9 : rate;
}
/** Step number 1-based in the order the report lists builds. */
function stepRef(build, s) {
    return {
        build,
        platform: s.platform,
        stage: s.stage,
        index: s.index,
        count: s.count,
        instruction: s.instruction,
        text: s.text,
        cached: s.cached,
        status: s.status,
        seconds: (0,_round_js__WEBPACK_IMPORTED_MODULE_1__/* .tenths */ .TP)(s.seconds)
    };
}
/**
 * Whole milliseconds: a build's times are kept to the ms, and sums of whole numbers are the same
 * in any order, so a log folded in parts gives what it gives read at once.
 */
function whole(seconds) {
    return Math.round(seconds * 1000);
}
/** Every build's figures, folded in one build at a time: a log of any number of builds keeps one of these, not its builds. */
class AnalysisFold {
    breaksKept;
    steps = 0;
    cached = 0;
    builds = 0;
    failed = 0;
    duration = 0;
    kinds = new Set();
    stages = new Map();
    wallUnknown = new Set();
    platforms = new Map();
    /** The slowest steps that ran, slowest first, ties in the order read: what a stable sort of them all keeps. */
    slowest = [];
    breaks = [];
    /** Breaks not kept: past `breaksKept`. */
    breaksLeft = 0;
    /** breaksKept: how many cache breaks to keep, the first in the order read (all by default). */
    constructor(breaksKept = Number.POSITIVE_INFINITY) {
        this.breaksKept = breaksKept;
    }
    /** Adds build number n (1-based, the report's order). */
    add(b, n) {
        this.builds++;
        if (b.status !== 'success')
            this.failed++;
        this.duration += whole(b.duration);
        this.kinds.add(b.durationKind);
        for (const st of b.stages) {
            const key = (0,_model_build_js__WEBPACK_IMPORTED_MODULE_0__/* .stageKeyOf */ .Xf)(st.platform, st.name);
            let t = this.stages.get(key);
            if (!t) {
                t = { platform: st.platform, name: st.name, steps: 0, cached: 0, hitRate: null, seconds: 0 };
                this.stages.set(key, t);
            }
            t.steps += st.steps.length;
            t.cached += st.cached;
            t.seconds += whole(st.seconds);
            if (st.wall === undefined)
                this.wallUnknown.add(key);
            else
                t.wall = (t.wall ?? 0) + whole(st.wall);
        }
        for (const s of b.steps) {
            this.steps++;
            let p = this.platforms.get(s.platform);
            if (!p) {
                p = { steps: 0, cached: 0 };
                this.platforms.set(s.platform, p);
            }
            p.steps++;
            if (s.cached) {
                this.cached++;
                p.cached++;
            }
            else if (s.seconds > 0) {
                // a cache hit is never among the slowest, even when its layers were pulled later (pullSeconds)
                this.slow(s.seconds, () => stepRef(n, s));
            }
        }
        for (const br of cacheBreaks(b, n))
            this.keepBreak(br);
    }
    /**
     * Adds what another fold holds, of builds read after this one's: its build numbers moved by
     * `offset`, its step, stage and platform names through `rename` (the redactor, for builds not kept whole).
     */
    merge(o, offset = 0, rename = (t) => t) {
        const ref = (r) => ({
            ...r,
            build: r.build + offset,
            platform: rename(r.platform),
            stage: rename(r.stage),
            instruction: rename(r.instruction),
            text: rename(r.text)
        });
        this.steps += o.steps;
        this.cached += o.cached;
        this.builds += o.builds;
        this.failed += o.failed;
        this.duration += o.duration;
        for (const k of o.kinds)
            this.kinds.add(k);
        for (const [from, st] of o.stages) {
            const name = rename(st.name);
            const platform = rename(st.platform);
            const key = (0,_model_build_js__WEBPACK_IMPORTED_MODULE_0__/* .stageKeyOf */ .Xf)(platform, name);
            if (o.wallUnknown.has(from))
                this.wallUnknown.add(key);
            const t = this.stages.get(key);
            if (!t)
                this.stages.set(key, { ...st, platform, name });
            else {
                t.steps += st.steps;
                t.cached += st.cached;
                t.seconds += st.seconds;
                if (st.wall !== undefined)
                    t.wall = (t.wall ?? 0) + st.wall;
            }
        }
        for (const [from, p] of o.platforms) {
            const platform = rename(from);
            const mine = this.platforms.get(platform);
            if (mine) {
                mine.steps += p.steps;
                mine.cached += p.cached;
            }
            else
                this.platforms.set(platform, { ...p });
        }
        for (const s of o.slowest)
            this.slow(s.seconds, () => ref(s.ref));
        for (const br of o.breaks)
            this.keepBreak({ ...br, build: br.build + offset, stage: rename(br.stage), step: ref(br.step) });
        this.breaksLeft += o.breaksLeft;
    }
    slow(seconds, ref) {
        const list = this.slowest;
        if (list.length === SLOWEST && (list.at(-1)?.seconds ?? 0) >= seconds)
            return;
        let i = list.length;
        while (i > 0 && (list[i - 1]?.seconds ?? 0) < seconds)
            i--;
        list.splice(i, 0, { seconds, ref: ref() });
        if (list.length > SLOWEST)
            list.pop();
    }
    keepBreak(br) {
        if (this.breaks.length < this.breaksKept)
            this.breaks.push(br);
        else
            this.breaksLeft++;
    }
    /** Cache breaks found but not kept. */
    get breaksNotKept() {
        return this.breaksLeft;
    }
    /** The analysis of every build added, with `builds` as the builds kept whole. */
    result(builds) {
        const kinds = this.kinds;
        const stages = [...this.stages].map(([key, t]) => {
            const out = { ...t, hitRate: hitRate(t.cached, t.steps), seconds: (0,_round_js__WEBPACK_IMPORTED_MODULE_1__/* .tenths */ .TP)(t.seconds / 1000) };
            if (this.wallUnknown.has(key) || t.wall === undefined)
                delete out.wall;
            else
                out.wall = (0,_round_js__WEBPACK_IMPORTED_MODULE_1__/* .tenths */ .TP)(t.wall / 1000);
            return out;
        });
        return {
            builds,
            totals: {
                steps: this.steps,
                cached: this.cached,
                hitRate: hitRate(this.cached, this.steps),
                builds: this.builds,
                failed: this.failed,
                // milliseconds, not tenths: baseline gates divide by it, and a warm build may take 0.02 s
                duration: (0,_round_js__WEBPACK_IMPORTED_MODULE_1__/* .round */ .LI)(this.duration / 1000, 3),
                durationKind: kinds.size === 1 ? ([...kinds][0] ?? 'sum') : kinds.size === 0 ? 'sum' : 'mixed'
            },
            stages,
            platforms: [...this.platforms].map(([platform, p]) => ({ platform, steps: p.steps, cached: p.cached, hitRate: hitRate(p.cached, p.steps) })),
            slowest: this.slowest.map((s) => s.ref),
            breaks: this.breaks
        };
    }
}
/** A fold of the builds given, numbered 1, 2, … in their order. */
function foldOf(builds) {
    const fold = new AnalysisFold();
    builds.forEach((b, i) => {
        fold.add(b, i + 1);
    });
    return fold;
}
function analyse(builds) {
    return foldOf(builds).result(builds);
}
function cacheBreaks(build, buildNo) {
    const breaks = [];
    for (const stage of build.stages) {
        let cachedBefore = 0;
        const ordered = stage.steps;
        for (let i = 0; i < ordered.length; i++) {
            const step = ordered[i];
            if (!step)
                continue;
            if (step.cached) {
                cachedBefore++;
                continue;
            }
            if (cachedBefore === 0)
                break;
            const rest = ordered.slice(i).filter((s) => !s.cached);
            breaks.push({
                build: buildNo,
                platform: stage.platform,
                stage: stage.name,
                step: stepRef(buildNo, step),
                cachedBefore,
                stepsAfter: rest.length,
                seconds: (0,_round_js__WEBPACK_IMPORTED_MODULE_1__/* .tenths */ .TP)(rest.reduce((t, s) => t + s.seconds, 0))
            });
            break;
        }
    }
    return breaks.sort((a, b) => b.seconds - a.seconds);
}


/***/ }),

/***/ 8243:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ BuildFold)
/* harmony export */ });
/* unused harmony export BUILDS_KEPT */
/* harmony import */ var _model_build_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(42);
/* harmony import */ var _model_step_name_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3855);
/* harmony import */ var _analyse_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3299);



/** Builds kept whole in a report: root causes, phases, cache transfers and every step of each. */
const BUILDS_KEPT = 100;
/** Cache breaks kept of the builds past those: the first, in the order read. */
const BREAKS_COUNTED = 20;
/**
 * The builds of a run, added as they are read: the first BUILDS_KEPT are kept whole, every later
 * one is modelled for its counts, folded into the totals, stages, platforms, slowest steps and
 * cache breaks, and let go. So a log of any number of builds is read in bounded memory, and its
 * report is the size of BUILDS_KEPT builds.
 */
class BuildFold {
    kept = [];
    /** Builds the kept ones make (a bake makes one per target). */
    keptBuilds = 0;
    counted = new _analyse_js__WEBPACK_IMPORTED_MODULE_2__/* .AnalysisFold */ .wp(BREAKS_COUNTED);
    countedBuilds = 0;
    perFile = new Map();
    static of(raw) {
        const fold = new BuildFold();
        for (const b of raw)
            fold.add(b);
        return fold;
    }
    add(raw) {
        const index = (this.perFile.get(raw.file) ?? 0) + 1;
        if (this.countedBuilds === 0 && this.keptBuilds < BUILDS_KEPT) {
            this.kept.push(raw);
            const n = raw.vertexes.some((v) => (0,_model_step_name_js__WEBPACK_IMPORTED_MODULE_1__/* .isBakeVertex */ .id)(v.name)) ? (0,_model_build_js__WEBPACK_IMPORTED_MODULE_0__/* .modelBuilds */ .NJ)(raw, index, true).length : 1;
            this.keptBuilds += n;
            this.perFile.set(raw.file, index - 1 + n);
            return;
        }
        const builds = (0,_model_build_js__WEBPACK_IMPORTED_MODULE_0__/* .modelBuilds */ .NJ)(raw, index, true);
        for (const b of builds)
            this.counted.add(b, ++this.countedBuilds);
        this.perFile.set(raw.file, index - 1 + builds.length);
    }
    /** Builds past those kept whole. */
    get countedOnly() {
        return this.countedBuilds;
    }
}


/***/ }),

/***/ 2113:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FQ: () => (/* binding */ rootCauses),
/* harmony export */   sI: () => (/* binding */ buildKey)
/* harmony export */ });
/* unused harmony export changedFiles */
/* harmony import */ var _dockerfile_locate_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2674);
/* harmony import */ var _dockerfile_parse_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5381);
/* harmony import */ var _round_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(9431);
/* harmony import */ var _analyse_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3299);




/** The same build in another run: its target, else its first image's repository, else its Dockerfile and place. */
function buildKey(b) {
    if (b.target !== undefined)
        return `target:${b.target}`;
    const image = b.images?.[0];
    if (image !== undefined)
        return `image:${image.replace(/(@sha256:[0-9a-f]+|:[^/:]+)$/, '')}`;
    return `build:${b.dockerfile ?? 'Dockerfile'}#${String(b.index)}`;
}
function causeStep(s) {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { build, cached, ...step } = (0,_analyse_js__WEBPACK_IMPORTED_MODULE_2__/* .stepRef */ .WW)(0, s);
    return step;
}
const ran = (s) => !s.cached;
/**
 * The steps a step was built on: rawjson names them (its `inputs`); from plain progress, the step
 * before it in its stage, the last step of the stage its FROM names (when the Dockerfile was read),
 * and the last step of a stage its `--from=` names.
 */
function parentsOf(b, d) {
    const byKey = new Map(b.steps.map((s) => [s.key, s]));
    const stageSteps = new Map();
    // each step's place in its stage's list, which is in `i/n` order
    const place = new Map();
    for (const st of b.stages) {
        stageSteps.set(`${st.platform}\u0000${st.name}`, st.steps);
        st.steps.forEach((s, i) => place.set(s, i));
    }
    const last = (platform, stage) => (stageSteps.get(`${platform}\u0000${stage}`) ?? stageSteps.get(`\u0000${stage}`))?.at(-1);
    return (s) => {
        if (s.inputs)
            return s.inputs.flatMap((k) => byKey.get(k) ?? []);
        const own = stageSteps.get(`${s.platform}\u0000${s.stage}`) ?? [];
        const parents = [];
        const at = place.get(s) ?? 0;
        const before = at > 0 ? own[at - 1] : undefined;
        if (before)
            parents.push(before);
        else if (d) {
            const st = (0,_dockerfile_locate_js__WEBPACK_IMPORTED_MODULE_0__/* .stageNamed */ .J3)(d, s.stage);
            const base = st && (0,_dockerfile_locate_js__WEBPACK_IMPORTED_MODULE_0__/* .baseStage */ .ON)(d, st);
            const baseName = base && (base.name ?? `stage-${String(base.index)}`);
            const p = baseName === undefined ? undefined : last(s.platform, baseName);
            if (p)
                parents.push(p);
        }
        for (const m of s.text.matchAll(/--from=(\S+)/g)) {
            const p = last(s.platform, (m[1] ?? '').toLowerCase());
            if (p && p !== s)
                parents.push(p);
        }
        return parents;
    };
}
/**
 * The root cause of every step of a build that was not cached. A step that ran because a step it
 * was built on ran is that step's cascade (the first such parent's root, so each step's time is
 * counted once); the others are roots, each told why from the baseline's steps where there is
 * one, else from the log, the Dockerfile and the build's options.
 */
function rootCauses(b, buildNo, inputs = {}) {
    const d = inputs.dockerfile?.(b);
    const parents = parentsOf(b, d);
    const rootOf = new Map();
    const visiting = new Set();
    const resolve = (s) => {
        const known = rootOf.get(s);
        if (known)
            return known;
        let root = s;
        if (!visiting.has(s)) {
            visiting.add(s);
            const parent = parents(s).find(ran);
            if (parent)
                root = resolve(parent);
            visiting.delete(s);
        }
        rootOf.set(s, root);
        return root;
    };
    const ranSteps = b.steps.filter(ran);
    const causes = new Map();
    const baseline = inputs.baseline?.(b);
    const noCache = inputs.noCache?.(b);
    const imports = inputs.imports?.(b) ?? [];
    const cold = !b.steps.some((s) => s.cached);
    for (const s of ranSteps) {
        const root = resolve(s);
        let cause = causes.get(root);
        if (!cause) {
            cause = { build: buildNo, step: causeStep(root), cascade: [], seconds: 0, ...classify(root, { b, d, baseline, noCache, imports, cold }) };
            if (d) {
                const x = (0,_dockerfile_locate_js__WEBPACK_IMPORTED_MODULE_0__/* .instructionFor */ .CR)(d, root);
                if (x) {
                    cause.file = d.file;
                    cause.line = x.startLine;
                }
            }
            causes.set(root, cause);
        }
        if (root !== s)
            cause.cascade.push(causeStep(s));
        cause.seconds += s.seconds;
    }
    const list = [...causes.values()];
    for (const c of list)
        c.seconds = (0,_round_js__WEBPACK_IMPORTED_MODULE_3__/* .tenths */ .TP)(c.seconds);
    return list.sort((x, y) => y.seconds - x.seconds);
}
const isContextCopy = (s) => (s.instruction === 'COPY' || s.instruction === 'ADD') && !/(^|\s)--from=/.test(s.text) && contextSourcesOf(s.text).length > 0;
function contextSourcesOf(text) {
    const x = (0,_dockerfile_parse_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDockerfile */ .A)(`FROM scratch\n${text}`).stages[0]?.instructions[0];
    return x ? (0,_dockerfile_locate_js__WEBPACK_IMPORTED_MODULE_0__/* .contextSources */ .S1)(x) : [];
}
function classify(s, c) {
    if (c.noCache === true)
        return { code: 'never-cached', detail: 'the build ran with --no-cache (no-cache: true): no step can be cached' };
    if (c.noCache?.includes(s.stage))
        return { code: 'never-cached', detail: `the build ran with --no-cache-filter ${s.stage}: the steps of stage ${s.stage} are never cached` };
    const unavailable = unavailableImport(c.imports);
    if (c.baseline)
        return againstBaseline(s, c, c.baseline, unavailable);
    if (c.cold)
        return {
            code: 'cache-not-available',
            detail: unavailable
                ? `no step of this build was cached: ${unavailable.explanation ?? `the ${unavailable.backend} cache import gave nothing`}`
                : 'no step of this build was cached: the builder held none of its cache (a new runner or builder, and no cache imported)',
            ...(unavailable ? backendOf(unavailable) : {})
        };
    if (isContextCopy(s))
        return { code: 'files-changed', detail: 'the files it copies from the build context changed (no baseline to name them)' };
    const args = argsInScope(s, c.d);
    if (args.length > 0)
        return argChanged(args, 'likely');
    const imported = c.imports.find((i) => i.result === 'ok');
    if (imported && !isFinalStage(s, c))
        return {
            code: 'cache-not-available',
            detail: `the imported ${imported.backend} cache did not hold it, while later stages were cached: a cache exported with mode=min (the default) keeps only the final stage's layers`,
            ...backendOf(imported),
            change: 'Export the cache with mode=max (cache-to: type=...,mode=max) so that every stage is kept'
        };
    return {
        code: 'unexplained',
        detail: 'its instruction or a build arg changed, or its cache record was gone: with no baseline to compare, the log cannot tell which'
    };
}
function againstBaseline(s, c, base, unavailable) {
    const same = base.find((x) => x.platform === s.platform && x.stage === s.stage && x.text === s.text);
    if (!same) {
        const at = base.find((x) => x.platform === s.platform && x.stage === s.stage && x.index === s.index);
        const expanded = at && c.d ? argValuesChanged(c.d, s, at.text) : undefined;
        if (expanded)
            return expanded;
        if (at)
            return {
                code: 'instruction-changed',
                detail: `the instruction changed; it was \`${at.text}\``,
                change: 'An edited instruction rebuilds it and every step after it: expected when the change was meant'
            };
        if (s.platform !== '' && base.some((x) => x.stage === s.stage && x.text === s.text))
            return { code: 'platform-changed', detail: `the baseline did not build it for ${s.platform}` };
        return { code: 'instruction-changed', detail: 'a new instruction: the baseline has no such step in this stage' };
    }
    if (isContextCopy(s)) {
        const mine = s.files;
        if (mine && same.files) {
            const files = changedFiles(same.files, mine);
            if (files.length > 0)
                return { code: 'files-changed', detail: `${describeFiles(files)} changed`, files };
        }
        else
            return { code: 'files-changed', detail: 'the files it copies from the build context changed' };
    }
    const args = argsInScope(s, c.d);
    if (args.length > 0 && !(s.instruction === 'COPY' || s.instruction === 'ADD'))
        return argChanged(args, 'baseline');
    const imported = c.imports.find((i) => i.result === 'ok');
    if (!unavailable && imported && !isFinalStage(s, c))
        return {
            code: 'cache-not-available',
            detail: `unchanged since the baseline (${same.cached ? 'cached' : 'run'} there), yet the imported ${imported.backend} cache did not hold it: a cache exported with mode=min (the default) keeps only the final stage's layers`,
            ...backendOf(imported),
            change: 'Export the cache with mode=max (cache-to: type=...,mode=max) so that every stage is kept'
        };
    return {
        code: 'cache-not-available',
        detail: unavailable
            ? `unchanged since the baseline (${same.cached ? 'cached' : 'run'} there), and ${unavailable.explanation ?? `the ${unavailable.backend} cache import gave nothing`}`
            : `unchanged since the baseline (${same.cached ? 'cached' : 'run'} there), yet its cache record was not found: evicted, or not exported by the run that made it`,
        ...(unavailable
            ? backendOf(unavailable)
            : { change: 'Export the cache with mode=max to a backend that persists between runners (type=gha or type=registry)' })
    };
}
/** The stage the image is made of: the Dockerfile's last, else the last the log lists. */
function isFinalStage(s, c) {
    const last = c.d?.stages.at(-1);
    if (last)
        return (last.name ?? `stage-${String(last.index)}`) === s.stage;
    return c.b.stages.at(-1)?.name === s.stage;
}
function unavailableImport(imports) {
    return imports.find((i) => i.result === 'failed') ?? imports.find((i) => i.result === 'empty');
}
function backendOf(i) {
    return i.ref === undefined ? { backend: i.backend } : { backend: i.backend, ref: i.ref };
}
function argsInScope(s, d) {
    if (!d || s.instruction !== 'RUN')
        return [];
    const st = (0,_dockerfile_locate_js__WEBPACK_IMPORTED_MODULE_0__/* .stageNamed */ .J3)(d, s.stage);
    const x = (0,_dockerfile_locate_js__WEBPACK_IMPORTED_MODULE_0__/* .instructionFor */ .CR)(d, s);
    if (!st || !x)
        return [];
    return (0,_dockerfile_locate_js__WEBPACK_IMPORTED_MODULE_0__/* .argsBefore */ .pP)(st, x).flatMap((a) => a.args
        .split(/\s+/)
        .map((w) => w.replace(/=.*$/, ''))
        .filter((w) => w !== ''));
}
function argChanged(args, basis) {
    const names = args.join(', ');
    return {
        code: 'build-arg-changed',
        detail: basis === 'baseline'
            ? `unchanged since the baseline, after ARG ${names}: a new value of ${names} rebuilds it (every RUN after an ARG is keyed on its value)`
            : `after ARG ${names}: a new value rebuilds it (every RUN after an ARG is keyed on its value)`,
        args,
        change: `Declare ARG ${names} just before the first step that needs it, so that the steps before it keep their cache`
    };
}
/**
 * BuildKit prints a step with its build args expanded (`echo "building $VERSION"` → `building 2`): a
 * text that differs from the baseline's only where the Dockerfile names a variable is a build arg
 * that changed, not an edit. The values are shown as they were printed (and redacted).
 */
function argValuesChanged(d, s, before) {
    const x = (0,_dockerfile_locate_js__WEBPACK_IMPORTED_MODULE_0__/* .instructionFor */ .CR)(d, s);
    if (!x)
        return undefined;
    const names = [];
    let re = '';
    let last = 0;
    for (const m of x.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)) {
        re += escapeRegExp(x.text.slice(last, m.index)) + '(.*?)';
        names.push(m[1] ?? '');
        last = m.index + m[0].length;
    }
    if (names.length === 0)
        return undefined;
    const whole = new RegExp(`^${re}${escapeRegExp(x.text.slice(last))}$`);
    const now = whole.exec((0,_dockerfile_locate_js__WEBPACK_IMPORTED_MODULE_0__/* .collapse */ .ap)(s.text));
    const was = whole.exec((0,_dockerfile_locate_js__WEBPACK_IMPORTED_MODULE_0__/* .collapse */ .ap)(before));
    if (!now || !was)
        return undefined;
    const changed = names.map((n, i) => ({ n, was: was[i + 1] ?? '', now: now[i + 1] ?? '' })).filter((v) => v.was !== v.now);
    if (changed.length === 0)
        return undefined;
    const args = [...new Set(changed.map((v) => v.n))];
    return {
        code: 'build-arg-changed',
        detail: `build arg ${changed.map((v) => `${v.n} changed (${v.was} → ${v.now})`).join(', ')}`,
        args,
        change: `A new value of ${args.join(', ')} rebuilds this step and every step after it: declare the ARG just before the first step that needs it`
    };
}
const escapeRegExp = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Paths added, removed or with other content, sorted. */
function changedFiles(before, after) {
    const out = [];
    for (const [p, h] of Object.entries(after))
        if (before[p] !== h)
            out.push(p);
    for (const p of Object.keys(before))
        if (!(p in after))
            out.push(p);
    return out.sort();
}
function describeFiles(files) {
    const shown = files.slice(0, 3).join(', ');
    return files.length > 3 ? `${shown} and ${String(files.length - 3)} more files` : shown;
}


/***/ }),

/***/ 8901:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BC: () => (/* binding */ append),
/* harmony export */   _: () => (/* binding */ maxOf),
/* harmony export */   _h: () => (/* binding */ minOf)
/* harmony export */ });
// Spreading an array into a call (`push(...xs)`, `Math.max(...xs)`) passes every element as an
// argument, and V8 overflows its stack past about 120,000 of them: these loop instead.
/** Appends every item to target, in order. */
function append(target, items) {
    for (const item of items)
        target.push(item);
}
/** The largest value, or `empty` when there is none. */
function maxOf(values, empty) {
    let max;
    for (const v of values)
        if (max === undefined || v > max)
            max = v;
    return max ?? empty;
}
/** The smallest value, or `empty` when there is none. */
function minOf(values, empty) {
    let min;
    for (const v of values)
        if (min === undefined || v < min)
            min = v;
    return min ?? empty;
}


/***/ }),

/***/ 6027:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CW: () => (/* binding */ cacheCostsMore),
/* harmony export */   IN: () => (/* binding */ cacheBenefit)
/* harmony export */ });
/* unused harmony export cacheOverhead */
/* harmony import */ var _analysis_root_causes_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2113);
/* harmony import */ var _entry_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3931);
/* harmony import */ var _round_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(9431);



const STEPS_KEPT = 10;
/** The seconds each build spent importing and exporting cache: a bake's transfer is on its first target. */
function cacheOverhead(builds) {
    let total = 0;
    for (const b of builds) {
        for (const i of b.cacheTransfer?.imports ?? [])
            total += i.seconds;
        for (const e of b.cacheTransfer?.exports ?? [])
            total += e.seconds;
    }
    return (0,_round_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .LI)(total, 3);
}
/**
 * The cache's benefit for this run: every step cached now saved the time it took when it last ran
 * in the window (newest run first, matched by build, platform, stage and text), less the time spent
 * importing and exporting cache. Without a baseline only the overhead is known.
 */
function cacheBenefit(builds, entries, price) {
    const overhead = cacheOverhead(builds);
    const cached = builds.flatMap((b, i) => b.steps.filter((s) => s.cached).map((s) => ({ b, build: i + 1, s })));
    const benefit = { overhead, cachedSteps: cached.length, knownSteps: 0, steps: [] };
    if (entries === undefined || entries.length === 0)
        return benefit;
    const keys = new Map();
    const wanted = cached.map(({ b, build, s }) => {
        let key = keys.get(b);
        if (key === undefined) {
            key = (0,_analysis_root_causes_js__WEBPACK_IMPORTED_MODULE_0__/* .buildKey */ .sI)(b);
            keys.set(b, key);
        }
        return { build, s, keyed: `${key}\u0000${(0,_entry_js__WEBPACK_IMPORTED_MODULE_1__/* .stepKey */ .Ug)(s)}`, unkeyed: `\u0001${(0,_entry_js__WEBPACK_IMPORTED_MODULE_1__/* .stepKey */ .Ug)(s)}` };
    });
    const last = lastRuns(entries, new Set(wanted.flatMap((w) => [w.keyed, w.unkeyed])));
    const saved = [];
    for (const { build, s, keyed, unkeyed } of wanted) {
        const a = last.get(keyed);
        const b = last.get(unkeyed);
        // the newer of its build's own record and a record of an entry that kept no build keys
        const run = a && b ? (a.age <= b.age ? a : b) : (a ?? b);
        if (run)
            saved.push({ build, platform: s.platform, stage: s.stage, index: s.index, count: s.count, text: s.text, seconds: run.seconds, ranAt: run.ranAt });
    }
    const timeSaved = (0,_round_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .LI)(saved.reduce((t, s) => t + s.seconds, 0), 3);
    const net = (0,_round_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .LI)(timeSaved - overhead, 3);
    benefit.knownSteps = saved.length;
    benefit.timeSaved = timeSaved;
    benefit.net = net;
    benefit.netMinutes = (0,_round_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .LI)(net / 60, 4);
    if (price && price.source !== 'unknown')
        benefit.netCost = (0,_round_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .LI)((net / 60) * price.usdPerMinute, 4);
    benefit.steps = saved.sort((a, b) => b.seconds - a.seconds).slice(0, STEPS_KEPT);
    // the window's runs that kept what their cache saved and cost, and this one
    const kept = entries.filter((e) => e.timeSaved !== undefined && e.cacheOverhead !== undefined);
    const windowSaved = kept.reduce((t, e) => t + (e.timeSaved ?? 0), timeSaved);
    const windowOverhead = kept.reduce((t, e) => t + (e.cacheOverhead ?? 0), overhead);
    benefit.window = { runs: kept.length + 1, timeSaved: (0,_round_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .LI)(windowSaved, 3), overhead: (0,_round_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .LI)(windowOverhead, 3), net: (0,_round_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .LI)(windowSaved - windowOverhead, 3) };
    return benefit;
}
/**
 * For each wanted key, the newest run of the window in which that step ran (not cached): keyed by
 * build key and step key, or by step key alone for entries that kept no build keys. Only wanted keys
 * are kept: a window holds 20 runs of what may be 200,000 builds.
 */
function lastRuns(entries, wanted) {
    const last = new Map();
    if (wanted.size === 0)
        return last;
    for (let age = 0; age < entries.length; age++) {
        const e = entries[entries.length - 1 - age];
        if (!e)
            continue;
        const keyed = e.stepTimes.some((t) => t.build !== undefined);
        for (const t of e.stepTimes) {
            if (t.cached)
                continue;
            const k = keyed ? `${t.build ?? ''}\u0000${t.key}` : `\u0001${t.key}`;
            if (wanted.has(k) && !last.has(k))
                last.set(k, { seconds: t.seconds, ranAt: e.createdAt, age });
        }
    }
    return last;
}
/** The cache cost more than it saved over the window (two runs at least: one cold run always does). */
function cacheCostsMore(b) {
    return b.window !== undefined && b.window.runs >= 2 && b.window.net < 0;
}


/***/ }),

/***/ 3931:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D4: () => (/* binding */ appendEntry),
/* harmony export */   LH: () => (/* binding */ baselineSteps),
/* harmony export */   Ug: () => (/* binding */ stepKey),
/* harmony export */   jf: () => (/* binding */ WINDOW),
/* harmony export */   mF: () => (/* binding */ readBaseline),
/* harmony export */   q0: () => (/* binding */ toEntry)
/* harmony export */ });
/* harmony import */ var _report_schema_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7455);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6413);
/* harmony import */ var _analysis_root_causes_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2113);



const str = (x) => (typeof x === 'string' ? x : undefined);
const strings = (x) => (Array.isArray(x) ? x.filter((v) => typeof v === 'string') : []);
const WINDOW = 20;
/** Steps match across runs by platform, stage and instruction text (the `#N` and digests change). */
function stepKey(s) {
    return `${s.platform}\u0000${s.stage}\u0000${s.text}`;
}
function toEntry(report, meta = {}) {
    const entry = {
        schemaVersion: report.schemaVersion,
        createdAt: report.generatedAt,
        steps: report.totals.steps,
        cached: report.totals.cached,
        hitRate: report.totals.hitRate,
        duration: report.totals.duration,
        durationKind: report.totals.durationKind,
        stages: report.stages.map((s) => ({ platform: s.platform, name: s.name, steps: s.steps, cached: s.cached, seconds: s.seconds })),
        stepTimes: report.builds.flatMap((b) => stepTimesOf(b))
    };
    const minutes = report.billing?.billableMinutes;
    if (minutes !== undefined)
        entry.billableMinutes = minutes;
    const benefit = report.cacheBenefit;
    if (benefit?.timeSaved !== undefined)
        entry.timeSaved = benefit.timeSaved;
    if (benefit)
        entry.cacheOverhead = benefit.overhead;
    if (meta.runId !== undefined)
        entry.runId = meta.runId;
    if (meta.runAttempt !== undefined)
        entry.runAttempt = meta.runAttempt;
    if (meta.sha !== undefined)
        entry.sha = meta.sha;
    if (meta.ref !== undefined)
        entry.ref = meta.ref;
    return entry;
}
function stepTimesOf(b) {
    const build = (0,_analysis_root_causes_js__WEBPACK_IMPORTED_MODULE_0__/* .buildKey */ .sI)(b);
    return b.steps.map((s) => {
        const t = { key: stepKey(s), cached: s.cached, seconds: s.seconds, build, index: s.index };
        if (s.files)
            t.files = s.files;
        return t;
    });
}
/**
 * The baseline run's steps of each build of this run, looked up by buildKey(): all its steps for
 * every build when it kept no build keys. The index is made once (a log can hold 200,000 builds).
 */
function baselineSteps(entry) {
    const byBuild = new Map();
    const keyed = entry.stepTimes.some((t) => t.build !== undefined);
    for (const t of entry.stepTimes) {
        const [platform = '', stage = '', text = ''] = t.key.split('\u0000');
        const s = { platform, stage, text, cached: t.cached, seconds: t.seconds };
        if (t.build !== undefined)
            s.build = t.build;
        if (t.index !== undefined)
            s.index = t.index;
        if (t.files)
            s.files = t.files;
        const k = keyed ? t.build : undefined;
        const list = byBuild.get(k);
        if (list)
            list.push(s);
        else
            byBuild.set(k, [s]);
    }
    return (b) => byBuild.get(keyed ? (0,_analysis_root_causes_js__WEBPACK_IMPORTED_MODULE_0__/* .buildKey */ .sI)(b) : undefined) ?? [];
}
/** The new history: the window's entries with this run's appended, the oldest dropped past WINDOW. */
function appendEntry(history, entry) {
    return { schemaVersion: _report_schema_js__WEBPACK_IMPORTED_MODULE_1__/* .SCHEMA_VERSION */ .f, entries: [...history, entry].slice(-WINDOW) };
}
/**
 * Reads what a store or a file holds: a BaselineHistory, or a report JSON (the `report` output,
 * `build-insights --json`). Other schema versions are read where their fields are there.
 */
function readBaseline(json) {
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(json))
        return { entries: [], warning: 'the baseline is not a JSON object' };
    const version = (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(json.schemaVersion);
    const note = version !== undefined && version !== _report_schema_js__WEBPACK_IMPORTED_MODULE_1__/* .SCHEMA_VERSION */ .f ? ` (schemaVersion ${version}, this version reads ${_report_schema_js__WEBPACK_IMPORTED_MODULE_1__/* .SCHEMA_VERSION */ .f})` : '';
    if (Array.isArray(json.entries)) {
        // the window is the newest WINDOW runs: a longer history is read from its end
        const given = json.entries.slice(-WINDOW);
        const entries = given.map(entryFrom).filter((e) => e !== undefined);
        if (entries.length === 0)
            return { entries, warning: `the baseline history has no entry that can be read${note}` };
        return entries.length < given.length ? { entries, warning: `${given.length - entries.length} baseline entries could not be read${note}` } : { entries };
    }
    const fromReport = reportEntry(json);
    return fromReport ? { entries: [fromReport] } : { entries: [], warning: `the baseline is neither a report nor a baseline history${note}` };
}
/** A whole number of steps, as a count. */
const count = (n) => Number.isInteger(n) && n >= 0;
/** A build's time: not negative, and shorter than 35 days (no runner keeps a job that long). */
const seconds = (n) => n >= 0 && n <= 35 * 24 * 3600;
function entryFrom(x) {
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(x))
        return undefined;
    const steps = (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.steps);
    const cached = (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.cached);
    const duration = (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.duration);
    if (steps === undefined || cached === undefined || duration === undefined || typeof x.createdAt !== 'string')
        return undefined;
    // a figure no build can have (one `hitRate: 1e9` once failed a gate): the entry is not a run's
    const hitRate = x.hitRate === null || x.hitRate === undefined ? undefined : (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.hitRate);
    if (!count(steps) || !count(cached) || cached > steps || !seconds(duration))
        return undefined;
    if (hitRate === undefined ? x.hitRate !== null && x.hitRate !== undefined : hitRate < 0 || hitRate > 100)
        return undefined;
    const stages = Array.isArray(x.stages) ? x.stages.flatMap(stageFrom) : [];
    const stepTimes = Array.isArray(x.stepTimes) ? x.stepTimes.flatMap(stepTimeFrom) : [];
    if (stages.some((s) => !count(s.steps) || !count(s.cached) || s.cached > s.steps || !seconds(s.seconds)) || stepTimes.some((s) => !seconds(s.seconds)))
        return undefined;
    const e = {
        schemaVersion: (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.schemaVersion) ?? 0,
        createdAt: x.createdAt,
        steps,
        cached,
        hitRate: hitRate ?? (steps > 0 ? (cached / steps) * 100 : null),
        duration,
        durationKind: typeof x.durationKind === 'string' ? x.durationKind : 'sum',
        stages,
        stepTimes
    };
    const minutes = (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.billableMinutes);
    if (minutes !== undefined && count(minutes))
        e.billableMinutes = minutes;
    // what a run's cache saved and cost: kept where they are times, else left out
    for (const k of ['timeSaved', 'cacheOverhead']) {
        const v = (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x[k]);
        if (v !== undefined && seconds(v))
            e[k] = v;
    }
    for (const k of ['runId', 'runAttempt', 'sha', 'ref']) {
        const v = x[k];
        if (typeof v === 'string')
            e[k] = v;
    }
    return e;
}
function stageFrom(x) {
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(x) || typeof x.name !== 'string')
        return [];
    return [
        {
            platform: typeof x.platform === 'string' ? x.platform : '',
            name: x.name,
            steps: (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.steps) ?? 0,
            cached: (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.cached) ?? 0,
            seconds: (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.seconds) ?? 0
        }
    ];
}
function stepTimeFrom(x) {
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(x) || typeof x.key !== 'string')
        return [];
    const t = { key: x.key, cached: x.cached === true, seconds: (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.seconds) ?? 0 };
    if (typeof x.build === 'string')
        t.build = x.build;
    const index = (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.index);
    if (index !== undefined && Number.isInteger(index) && index > 0)
        t.index = index;
    const files = filesFrom(x.files);
    if (files)
        t.files = files;
    return [t];
}
/** A context manifest: string paths to string hashes, nothing else. */
function filesFrom(x) {
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(x))
        return undefined;
    const out = {};
    for (const [k, v] of Object.entries(x))
        if (typeof v === 'string')
            out[k] = v;
    return out;
}
/** A report JSON read field by field: enough of it for an entry, whatever its version. */
function reportEntry(json) {
    const totals = json.totals;
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(totals))
        return undefined;
    const stepTimes = [];
    if (Array.isArray(json.builds)) {
        for (const b of json.builds) {
            if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(b) || !Array.isArray(b.steps))
                continue;
            for (const s of b.steps) {
                if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(s) || typeof s.stage !== 'string' || typeof s.text !== 'string')
                    continue;
                const t = stepTimeFrom({ ...s, key: stepKey({ platform: typeof s.platform === 'string' ? s.platform : '', stage: s.stage, text: s.text }) });
                const build = (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(b)
                    ? (0,_analysis_root_causes_js__WEBPACK_IMPORTED_MODULE_0__/* .buildKey */ .sI)({ target: str(b.target), images: strings(b.images), dockerfile: str(b.dockerfile), index: (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(b.index) ?? 1 })
                    : undefined;
                for (const one of t)
                    stepTimes.push(build === undefined ? one : { ...one, build });
            }
        }
    }
    // a report's totals carry an entry's figures under the same names
    return entryFrom({
        ...totals,
        schemaVersion: json.schemaVersion,
        createdAt: typeof json.generatedAt === 'string' ? json.generatedAt : '',
        stages: json.stages,
        stepTimes
    });
}


/***/ }),

/***/ 9904:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  rT: () => (/* binding */ billableMinutes),
  DC: () => (/* binding */ costDeltas),
  en: () => (/* binding */ isStandardLabel),
  CT: () => (/* binding */ minutePrice),
  W1: () => (/* binding */ runnerFromEnv)
});

// UNUSED EXPORTS: PRICES_AS_OF, PRICES_SOURCE

;// CONCATENATED MODULE: ./lib/billing/prices.json
const prices_namespaceObject = /*#__PURE__*/JSON.parse('{"sT":"2026-01-01","sP":"GitHub Docs, \'Actions runner pricing\' (https://docs.github.com/en/billing/reference/actions-runner-pricing): github/docs content/billing/reference/actions-runner-pricing.md (column \'January 1, 2026 onward\', commit 41a2e43a784f933d96d79f9ca862205c3f8bd8d4; same figures without the old column at 0460e4095b136e687f3647e7c2420427b90ae4dc) and data/reusables/billing/actions-standard-runner-prices.md (commit 77c10b881f12c8920b5250a2c6165c3505e60887). sku is GitHub\'s billing SKU.","Zv":[{"sku":"linux","os":"linux","arch":"x64","cores":2,"usdPerMinute":0.006},{"sku":"linux_slim","os":"linux","arch":"x64","cores":1,"usdPerMinute":0.002},{"sku":"windows","os":"windows","arch":"x64","cores":2,"usdPerMinute":0.01},{"sku":"macos","os":"macos","arch":"arm64","cores":3,"usdPerMinute":0.062},{"sku":"macos","os":"macos","arch":"x64","cores":4,"usdPerMinute":0.062},{"sku":"linux_2_core_advanced","os":"linux","arch":"x64","cores":2,"usdPerMinute":0.006},{"sku":"linux_4_core","os":"linux","arch":"x64","cores":4,"usdPerMinute":0.012},{"sku":"linux_8_core","os":"linux","arch":"x64","cores":8,"usdPerMinute":0.022},{"sku":"linux_16_core","os":"linux","arch":"x64","cores":16,"usdPerMinute":0.042},{"sku":"linux_32_core","os":"linux","arch":"x64","cores":32,"usdPerMinute":0.082},{"sku":"linux_64_core","os":"linux","arch":"x64","cores":64,"usdPerMinute":0.162},{"sku":"linux_96_core","os":"linux","arch":"x64","cores":96,"usdPerMinute":0.252},{"sku":"windows_4_core","os":"windows","arch":"x64","cores":4,"usdPerMinute":0.022},{"sku":"windows_8_core","os":"windows","arch":"x64","cores":8,"usdPerMinute":0.042},{"sku":"windows_16_core","os":"windows","arch":"x64","cores":16,"usdPerMinute":0.082},{"sku":"windows_32_core","os":"windows","arch":"x64","cores":32,"usdPerMinute":0.162},{"sku":"windows_64_core","os":"windows","arch":"x64","cores":64,"usdPerMinute":0.322},{"sku":"windows_96_core","os":"windows","arch":"x64","cores":96,"usdPerMinute":0.552},{"sku":"macos_l","os":"macos","arch":"x64","cores":12,"usdPerMinute":0.077},{"sku":"linux_2_core_arm","os":"linux","arch":"arm64","cores":2,"usdPerMinute":0.005},{"sku":"linux_4_core_arm","os":"linux","arch":"arm64","cores":4,"usdPerMinute":0.008},{"sku":"linux_8_core_arm","os":"linux","arch":"arm64","cores":8,"usdPerMinute":0.014},{"sku":"linux_16_core_arm","os":"linux","arch":"arm64","cores":16,"usdPerMinute":0.026},{"sku":"linux_32_core_arm","os":"linux","arch":"arm64","cores":32,"usdPerMinute":0.05},{"sku":"linux_64_core_arm","os":"linux","arch":"arm64","cores":64,"usdPerMinute":0.098},{"sku":"windows_2_core_arm","os":"windows","arch":"arm64","cores":2,"usdPerMinute":0.008},{"sku":"windows_4_core_arm","os":"windows","arch":"arm64","cores":4,"usdPerMinute":0.014},{"sku":"windows_8_core_arm","os":"windows","arch":"arm64","cores":8,"usdPerMinute":0.026},{"sku":"windows_16_core_arm","os":"windows","arch":"arm64","cores":16,"usdPerMinute":0.05},{"sku":"windows_32_core_arm","os":"windows","arch":"arm64","cores":32,"usdPerMinute":0.098},{"sku":"windows_64_core_arm","os":"windows","arch":"arm64","cores":64,"usdPerMinute":0.194},{"sku":"macos_xl","os":"macos","arch":"arm64","cores":5,"usdPerMinute":0.102}]}');
// EXTERNAL MODULE: ./lib/round.js
var round = __nccwpck_require__(9431);
;// CONCATENATED MODULE: ./lib/billing/billing.js


// Checked against PriceRow by the compiler, so a malformed edit of prices.json fails the build.
const ROWS = prices_namespaceObject.Zv;
const PRICES_AS_OF = prices_namespaceObject.sT;
const PRICES_SOURCE = prices_namespaceObject.sP;
const OS = { Linux: 'linux', Windows: 'windows', macOS: 'macos' };
const ARCH = { X64: 'x64', ARM64: 'arm64', ARM: 'arm', X86: 'x86' };
const positiveInt = (n) => (n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined);
/** From RUNNER_ENVIRONMENT (github-hosted|self-hosted), RUNNER_OS (Linux|Windows|macOS), RUNNER_ARCH (X64|ARM64|ARM|X86), the job's labels (from the jobs API when known) and the core count. */
function runnerFromEnv(env, labels, cores) {
    const e = env.RUNNER_ENVIRONMENT;
    // Runners older than RUNNER_ENVIRONMENT still carry the `self-hosted` label GitHub adds to every self-hosted runner.
    const environment = e === 'github-hosted' || e === 'self-hosted' ? e : labels.includes('self-hosted') ? 'self-hosted' : 'unknown';
    const os = OS[env.RUNNER_OS ?? ''] ?? (env.RUNNER_OS ?? '').toLowerCase();
    const arch = ARCH[env.RUNNER_ARCH ?? ''] ?? (env.RUNNER_ARCH ?? '').toLowerCase();
    return { environment, os, arch, labels: [...labels], cores: positiveInt(cores) };
}
// GitHub's standard image labels (ubuntu-latest, ubuntu-slim, ubuntu-24.04-arm, windows-11-arm, macos-15-intel, …):
// they name the 2-core runner (macOS: 3-core M1 / 4-core Intel) whatever cores the machine shows, since
// public repositories get 4 cores on the same labels, and ubuntu-slim's container may see its host's.
const STANDARD = /^(ubuntu|windows|macos)-(latest|slim|\d+(\.\d+)?)(-arm|-intel)?$/;
/** A standard GitHub-hosted runner's label: free minutes in public repositories (larger runners are not). */
function isStandardLabel(label) {
    return STANDARD.test(label);
}
// Larger runners are named by their admins; the usual names carry the size: `ubuntu-latest-8-cores`, `linux-16core`.
const CORES_IN_LABEL = /(?:^|[-_])(\d+)[-_]?cores?(?:$|[-_])/;
const standardCores = (os, arch) => (os === 'macos' ? (arch === 'x64' ? 4 : 3) : 2);
function coresFromLabels(labels) {
    for (const l of labels) {
        const m = CORES_IN_LABEL.exec(l);
        if (m?.[1] !== undefined)
            return positiveInt(Number(m[1]));
    }
    return undefined;
}
/** The table row for a GitHub-hosted runner, or undefined when none fits. */
function rowFor(runner) {
    const labels = runner.labels.map((l) => l.toLowerCase());
    const bySku = (sku) => ROWS.find((r) => r.sku === sku);
    if (runner.os === 'macos' && labels.some((l) => l.endsWith('-xlarge')))
        return bySku('macos_xl');
    if (runner.os === 'macos' && labels.some((l) => l.endsWith('-large')))
        return bySku('macos_l');
    if (labels.includes('ubuntu-slim'))
        return bySku('linux_slim');
    // RUNNER_ARCH is the truth; a label like `ubuntu-24.04-arm` only fills in when it is missing.
    const arch = runner.arch !== '' ? runner.arch : labels.some((l) => l.endsWith('-arm') || l.includes('arm64')) ? 'arm64' : 'x64';
    const fromLabel = coresFromLabels(labels);
    const cores = fromLabel ?? (labels.some(isStandardLabel) ? standardCores(runner.os, arch) : (runner.cores ?? standardCores(runner.os, arch)));
    return ROWS.find((r) => r.os === runner.os && r.arch === arch && r.cores === cores);
}
/** The `minute-price` input wins; self-hosted is $0; else the table by os/arch/cores (labels such as `ubuntu-latest-8-cores`, `macos-latest-xlarge`, `*-arm` tell larger/arm runners). */
function minutePrice(runner, override) {
    // The input is the user's own figure: it has no date of ours.
    if (override !== undefined && Number.isFinite(override) && override >= 0)
        return { usdPerMinute: override, sku: 'minute-price', source: 'input', asOf: '' };
    if (runner.environment === 'self-hosted')
        return { usdPerMinute: 0, sku: 'self-hosted', source: 'self-hosted', asOf: PRICES_AS_OF };
    const row = rowFor(runner);
    if (row === undefined)
        return { usdPerMinute: 0, sku: 'unknown', source: 'unknown', asOf: PRICES_AS_OF };
    return { usdPerMinute: row.usdPerMinute, sku: row.sku, source: 'table', asOf: PRICES_AS_OF };
}
/** GitHub rounds each job's time UP to the whole minute: 0:59 → 1, 1:00 → 1, 1:01 → 2; 0 → 0. */
function billableMinutes(elapsedMs) {
    return Number.isFinite(elapsedMs) && elapsedMs > 0 ? Math.ceil(elapsedMs / 60_000) : 0;
}
// -0 (a saving on a $0 runner) reads as "-$0.00"; it is no saving.
const plain = (n) => (n === 0 ? 0 : n);
/** Runner minutes a build adds (+) or saves (−) per run against the baseline, in money, and per month. */
function costDeltas(durationDeltaSeconds, price, runsPerMonth) {
    // Unrounded: whether a run crosses a whole-minute boundary depends on the rest of the job, so the
    // expected saving of many runs is the exact fraction.
    const minutesDelta = plain(Number.isFinite(durationDeltaSeconds) ? durationDeltaSeconds / 60 : 0);
    const costDelta = plain(minutesDelta * price.usdPerMinute);
    if (runsPerMonth === undefined || !Number.isFinite(runsPerMonth) || runsPerMonth < 0)
        return { minutesDelta, costDelta };
    // per month the figures are rounded where they are made: minutes to one decimal, dollars to cents
    return {
        minutesDelta,
        costDelta,
        runsPerMonth,
        monthlyMinutesDelta: plain((0,round/* tenths */.TP)(minutesDelta * runsPerMonth)),
        monthlyCostDelta: plain((0,round/* cents */.wH)(costDelta * runsPerMonth))
    };
}


/***/ }),

/***/ 7655:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ workflowFile),
/* harmony export */   Uz: () => (/* binding */ runsPerMonth),
/* harmony export */   bH: () => (/* binding */ currentJob)
/* harmony export */ });
/* harmony import */ var _github_request_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1810);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6413);
/* harmony import */ var _problems_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5451);



// Two reads of the Actions REST API for the cost figures: how often this workflow runs, and which
// job this is (its start and its runs-on labels). Like actions-cache.ts nothing here throws: what
// cannot be read becomes one notice, and the report goes on without the figure.
const RUNS = 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs';
const ATTEMPT_JOBS = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs';
const RUN_JOBS = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs';
const DAY_MS = 86_400_000;
const PER_PAGE = 100;
const MAX_PAGES = 5;
// The description of list-workflow-runs: "up to 1,000 results for each search when using … `created`".
const SEARCH_CAP = 1000;
const hint = (a) => ((0,_github_request_js__WEBPACK_IMPORTED_MODULE_0__/* .refused */ .J5)(a) ? _github_request_js__WEBPACK_IMPORTED_MODULE_0__/* .TOKEN_HINT */ .WJ : '');
/** `ci.yml` from GITHUB_WORKFLOW_REF `owner/repo/.github/workflows/ci.yml@refs/heads/main`; the API takes the file name as workflow_id. */
function workflowFile(workflowRef) {
    return /(?:^|\/)\.github\/workflows\/([^@/]+)(?:@|$)/.exec(workflowRef)?.[1];
}
/** Runs of this workflow in the 30 days before `now`: GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs?created=>=YYYY-MM-DD&per_page=1 → total_count. workflow_id may be the workflow file name (from GITHUB_WORKFLOW_REF: `owner/repo/.github/workflows/ci.yml@refs/heads/main`). */
async function runsPerMonth(request, owner, repo, workflowRef, now) {
    const file = workflowFile(workflowRef);
    if (file === undefined)
        return { problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .notice */ .lm)('workflow-file-unknown', `Runs per month unknown: no workflow file in GITHUB_WORKFLOW_REF "${workflowRef}".`) };
    if (Number.isNaN(now.getTime()))
        return { problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .notice */ .lm)('clock-invalid', 'Runs per month unknown: no valid current time.') };
    // `created` takes whole UTC days: from the day 30 days ago, so a month of runs and part of a day.
    const since = new Date(now.getTime() - 30 * DAY_MS).toISOString().slice(0, 10);
    const a = await (0,_github_request_js__WEBPACK_IMPORTED_MODULE_0__/* .call */ .T1)(request, RUNS, { owner, repo, workflow_id: file, created: `>=${since}`, per_page: 1 });
    const total = (0,_github_request_js__WEBPACK_IMPORTED_MODULE_0__.ok)(a) && (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(a.data) && Array.isArray(a.data.workflow_runs) ? (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(a.data.total_count) : undefined;
    if (total === undefined || total < 0)
        return { problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .notice */ .lm)((0,_github_request_js__WEBPACK_IMPORTED_MODULE_0__/* .answerCode */ .Sv)(a), `Runs per month of ${file} unknown: ${(0,_github_request_js__WEBPACK_IMPORTED_MODULE_0__/* .why */ .d8)(a)}.${hint(a)}`) };
    if (total >= SEARCH_CAP)
        return {
            runs: total,
            problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .notice */ .lm)('count-capped', `Runs per month of ${file}: GitHub counts at most ${SEARCH_CAP} runs in a date range, so there may be more.`)
        };
    return { runs: total };
}
/** A job of the `job` schema; undefined when its name or status is missing. */
function parseJob(x) {
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(x) || typeof x.name !== 'string' || typeof x.status !== 'string')
        return undefined;
    const started = typeof x.started_at === 'string' ? Date.parse(x.started_at) : Number.NaN;
    const labels = Array.isArray(x.labels) ? x.labels : [];
    return {
        name: x.name,
        status: x.status,
        runnerName: typeof x.runner_name === 'string' ? x.runner_name : undefined,
        startedAt: Number.isNaN(started) ? undefined : started,
        labels: labels.filter((l) => typeof l === 'string')
    };
}
function parseJobs(x) {
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(x) || !Array.isArray(x.jobs))
        return undefined;
    const totalCount = (0,_json_js__WEBPACK_IMPORTED_MODULE_2__/* .finite */ .E2)(x.total_count);
    if (totalCount === undefined)
        return undefined;
    const items = x.jobs;
    return { totalCount, jobs: items.map(parseJob).filter((j) => j !== undefined) };
}
/** The running job on this runner; else, where the runner name is not given or not found, the running job named `jobName`. */
function pick(jobs, runnerName, jobName) {
    const running = jobs.filter((j) => j.status === 'in_progress');
    return running.find((j) => runnerName !== undefined && j.runnerName === runnerName) ?? running.find((j) => jobName !== undefined && j.name === jobName);
}
/** This job's start and labels: GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt}/jobs (or /runs/{run_id}/jobs), the job whose runner_name equals RUNNER_NAME (else whose name equals the job id / name given) and is in_progress. */
async function currentJob(request, owner, repo, runId, attempt, runnerName, jobName) {
    // Without an attempt number, the run's jobs list defaults to the latest attempt (`filter=latest`).
    const [route, where] = /^\d+$/.test(attempt)
        ? [ATTEMPT_JOBS, { owner, repo, run_id: runId, attempt_number: attempt }]
        : [RUN_JOBS, { owner, repo, run_id: runId }];
    const runner = runnerName === undefined || runnerName === '' ? undefined : runnerName;
    for (let page = 1; page <= MAX_PAGES; page++) {
        const a = await (0,_github_request_js__WEBPACK_IMPORTED_MODULE_0__/* .call */ .T1)(request, route, { ...where, per_page: PER_PAGE, page });
        const list = (0,_github_request_js__WEBPACK_IMPORTED_MODULE_0__.ok)(a) ? parseJobs(a.data) : undefined;
        if (list === undefined)
            return { problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .notice */ .lm)((0,_github_request_js__WEBPACK_IMPORTED_MODULE_0__/* .answerCode */ .Sv)(a), `This job's start and runner labels unknown: listing the jobs of run ${runId} failed, ${(0,_github_request_js__WEBPACK_IMPORTED_MODULE_0__/* .why */ .d8)(a)}.${hint(a)}`) };
        const job = pick(list.jobs, runner, jobName);
        if (job !== undefined) {
            const found = { labels: job.labels, name: job.name };
            if (job.startedAt !== undefined)
                found.startedAt = job.startedAt;
            return found;
        }
        if (list.jobs.length < PER_PAGE || page * PER_PAGE >= list.totalCount)
            break;
    }
    const on = runner === undefined ? '' : ` on runner "${runner}"`;
    return { problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .notice */ .lm)('job-not-found', `This job's start and runner labels unknown: no running job${on} in run ${runId}.`) };
}


/***/ }),

/***/ 8530:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ priceBuild),
/* harmony export */   j: () => (/* binding */ gatherBilling)
/* harmony export */ });
/* harmony import */ var _billing_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9904);
/* harmony import */ var _github_runs_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7655);
/* harmony import */ var _round_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(9431);



async function gatherBilling(o) {
    const problems = [];
    const env = o.env;
    let labels = [];
    const inputs = {};
    const api = o.request && o.repo ? { request: o.request, ...o.repo } : undefined;
    // the job and the runs at once: each round trip is waited for after the step's build
    const [job, runs] = await Promise.all([
        api && env.GITHUB_RUN_ID
            ? (0,_github_runs_js__WEBPACK_IMPORTED_MODULE_1__/* .currentJob */ .bH)(api.request, api.owner, api.repo, env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT ?? '1', env.RUNNER_NAME, env.GITHUB_JOB)
            : undefined,
        o.runsPerMonth === undefined && api && env.GITHUB_WORKFLOW_REF ? (0,_github_runs_js__WEBPACK_IMPORTED_MODULE_1__/* .runsPerMonth */ .Uz)(api.request, api.owner, api.repo, env.GITHUB_WORKFLOW_REF, o.now) : undefined
    ]);
    if (job) {
        if (job.problem !== undefined)
            problems.push(job.problem);
        if (job.labels)
            labels = job.labels;
        if (job.startedAt !== undefined) {
            inputs.jobStartedAt = job.startedAt;
            inputs.jobStartFrom = 'api';
        }
    }
    const pre = Date.parse(o.preJobStart);
    if (inputs.jobStartedAt === undefined && !Number.isNaN(pre)) {
        inputs.jobStartedAt = pre;
        inputs.jobStartFrom = 'pre step';
    }
    const runner = (0,_billing_js__WEBPACK_IMPORTED_MODULE_0__/* .runnerFromEnv */ .W1)(env, labels, o.cores);
    let price = (0,_billing_js__WEBPACK_IMPORTED_MODULE_0__/* .minutePrice */ .CT)(runner, o.minutePrice);
    if (price.source === 'table' && o.publicRepository && (labels.length === 0 || labels.some(_billing_js__WEBPACK_IMPORTED_MODULE_0__/* .isStandardLabel */ .en))) {
        price = { ...price, usdPerMinute: 0, sku: `${price.sku} (public repository: standard runners are free)` };
    }
    if (o.runsPerMonth !== undefined) {
        inputs.runsPerMonth = o.runsPerMonth;
        inputs.runsPerMonthFrom = 'input';
    }
    else if (runs) {
        if (runs.problem !== undefined)
            problems.push(runs.problem);
        if (runs.runs !== undefined) {
            inputs.runsPerMonth = runs.runs;
            inputs.runsPerMonthFrom = 'api';
        }
    }
    return { inputs: { ...inputs, runner, price }, problems };
}
/** Prices the job and this build's change against the baseline (seconds, when comparable). */
function priceBuild(b, now, durationDelta) {
    const billing = { runner: b.runner, price: b.price };
    if (b.jobStartedAt !== undefined) {
        billing.jobStartedAt = new Date(b.jobStartedAt).toISOString();
        if (b.jobStartFrom !== undefined)
            billing.jobStartFrom = b.jobStartFrom;
        billing.billableMinutes = (0,_billing_js__WEBPACK_IMPORTED_MODULE_0__/* .billableMinutes */ .rT)(now.getTime() - b.jobStartedAt);
    }
    const priced = b.price.source !== 'unknown';
    if (billing.billableMinutes !== undefined && priced)
        billing.cost = (0,_round_js__WEBPACK_IMPORTED_MODULE_2__/* .cents */ .wH)(billing.billableMinutes * b.price.usdPerMinute);
    if (b.runsPerMonth !== undefined && Number.isFinite(b.runsPerMonth) && b.runsPerMonth >= 0) {
        billing.runsPerMonth = b.runsPerMonth;
        if (b.runsPerMonthFrom !== undefined)
            billing.runsPerMonthFrom = b.runsPerMonthFrom;
        if (billing.billableMinutes !== undefined) {
            billing.monthlyMinutes = billing.billableMinutes * b.runsPerMonth;
            if (priced)
                billing.monthlyCost = (0,_round_js__WEBPACK_IMPORTED_MODULE_2__/* .cents */ .wH)(billing.monthlyMinutes * b.price.usdPerMinute);
        }
    }
    else if (b.runsPerMonthFrom !== undefined)
        billing.runsPerMonthFrom = b.runsPerMonthFrom;
    if (durationDelta !== undefined)
        billing.deltas = (0,_billing_js__WEBPACK_IMPORTED_MODULE_0__/* .costDeltas */ .DC)(durationDelta, b.price, b.runsPerMonth);
    return billing;
}


/***/ }),

/***/ 4238:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Uw: () => (/* binding */ State),
/* harmony export */   _G: () => (/* binding */ REPORT_FILE_NAME),
/* harmony export */   k7: () => (/* binding */ Output),
/* harmony export */   pd: () => (/* binding */ Input)
/* harmony export */ });
/** Every input and output name, as action.yml declares them; the gates' inputs are in gates/. */
const Input = {
    LogFiles: 'log-files',
    BuildRefs: 'build-refs',
    Builder: 'builder',
    Run: 'run',
    Gate: 'gate',
    FailOnEmpty: 'fail-on-empty',
    Summary: 'summary',
    ReportFile: 'report-file',
    Du: 'du',
    ActionsCacheUsage: 'actions-cache-usage',
    GitHubToken: 'github-token',
    BaselineFile: 'baseline-file',
    SaveBaseline: 'save-baseline',
    BaselineName: 'baseline-name',
    Baseline: 'baseline',
    RunsPerMonth: 'runs-per-month',
    MinutePrice: 'minute-price',
    Timeout: 'timeout',
    Dockerfile: 'dockerfile',
    Context: 'context',
    Matrix: 'matrix',
    MergeReports: 'merge-reports',
    GateEachLeg: 'gate-each-leg',
    OtlpEndpoint: 'otlp-endpoint',
    OtlpHeaders: 'otlp-headers',
    OtlpTraces: 'otlp-traces'
};
const Output = {
    CacheHitRate: 'cache-hit-rate',
    CachedSteps: 'cached-steps',
    TotalSteps: 'total-steps',
    Builds: 'builds',
    Duration: 'duration',
    Stages: 'stages',
    Gate: 'gate',
    Report: 'report',
    CacheSize: 'cache-size',
    CacheReclaimable: 'cache-reclaimable',
    CacheGrowth: 'cache-growth',
    ActionsCacheUsage: 'actions-cache-usage',
    Baseline: 'baseline',
    DurationDelta: 'duration-delta',
    CacheHitRateDelta: 'cache-hit-rate-delta',
    BillableMinutes: 'billable-minutes',
    Cost: 'cost',
    MonthlyMinutes: 'monthly-minutes',
    MonthlyCost: 'monthly-cost',
    BillableMinutesDelta: 'billable-minutes-delta',
    CostDelta: 'cost-delta',
    MonthlyMinutesDelta: 'monthly-minutes-delta',
    MonthlyCostDelta: 'monthly-cost-delta',
    TimeSaved: 'time-saved',
    CacheOverhead: 'cache-overhead'
};
const REPORT_FILE_NAME = 'build-insights-report.json';
/** GITHUB_STATE names shared by the pre and main entry points. */
const State = {
    JobStartedAt: 'job-started-at',
    CacheBefore: 'cache-before'
};


/***/ }),

/***/ 4611:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ Deadline),
/* harmony export */   Ep: () => (/* binding */ Timeout),
/* harmony export */   KU: () => (/* binding */ DEFAULT_TIMEOUT_SECONDS)
/* harmony export */ });
/* unused harmony export realClock */
// One time budget for everything the action waits on (docker's answers, the Actions cache service,
// the REST API), so that a service that accepts a connection and never answers costs the step at
// most the budget, never the job's 6 hours. Every wait takes its bound from here.
/** The seconds the `timeout` input gives when it is not set. */
const DEFAULT_TIMEOUT_SECONDS = 60;
const realClock = {
    // hrtime, not performance.now(): the global's first use loads perf_hooks, 2 ms of every start
    now: () => Number(process.hrtime.bigint()) / 1e6,
    setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
    clearTimer: (handle) => {
        clearTimeout(handle);
    }
};
/** What a bounded wait settles with when the budget runs out first. */
class Timeout {
    message;
    constructor(message) {
        this.message = message;
    }
}
// setTimeout takes at most 2^31-1 ms and fires at once above it
const MAX_TIMER_MS = 2 ** 31 - 1;
class Deadline {
    clock;
    /** Fires when the budget is spent: pass it to fetch (octokit's `request.signal`) and to child processes. */
    signal;
    controller = new AbortController();
    end;
    timer;
    paused = 0;
    pausedAt = 0;
    /** The budget; Infinity: no bound. */
    seconds;
    /** `seconds` from now (NaN or less than 0: none at all). */
    constructor(seconds, clock = realClock) {
        this.clock = clock;
        this.seconds = seconds >= 0 ? seconds : 0;
        this.signal = this.controller.signal;
        this.end = clock.now() + this.seconds * 1000;
        this.arm();
    }
    remainingMs() {
        if (this.signal.aborted)
            return 0;
        return Math.max(0, this.end - (this.paused > 0 ? this.pausedAt : this.clock.now()));
    }
    expired() {
        return this.remainingMs() <= 0;
    }
    /** "<what> did not answer within Ns" */
    message(what) {
        return `${what} did not answer within ${this.seconds}s`;
    }
    /**
     * Settles as `promise` does, or with a Timeout at the deadline, whichever comes first. What the
     * promise does after that is not awaited (the entry points exit once the report is written), and
     * a late rejection is swallowed rather than left unhandled.
     */
    bound(promise, what) {
        promise.catch(() => undefined);
        if (this.signal.aborted)
            return Promise.resolve(new Timeout(this.message(what)));
        return new Promise((resolve, reject) => {
            const onAbort = () => {
                resolve(new Timeout(this.message(what)));
            };
            this.signal.addEventListener('abort', onAbort, { once: true });
            promise.then((value) => {
                this.signal.removeEventListener('abort', onAbort);
                resolve(value);
            }, (e) => {
                this.signal.removeEventListener('abort', onAbort);
                reject(e instanceof Error ? e : new Error(String(e)));
            });
        });
    }
    /**
     * Runs fn with the clock stopped: run mode's build is the user's own and has no limit from us,
     * and the waits after it (du, the REST API) still get the whole budget that is left.
     */
    async outside(fn) {
        if (this.paused++ === 0) {
            this.pausedAt = this.clock.now();
            this.disarm();
        }
        try {
            return await fn();
        }
        finally {
            if (--this.paused === 0) {
                this.end += this.clock.now() - this.pausedAt;
                this.arm();
            }
        }
    }
    /** Stops the timer (the CLI and tests; the action exits instead). */
    dispose() {
        this.disarm();
    }
    arm() {
        if (this.signal.aborted || this.paused > 0 || this.seconds === Infinity)
            return;
        const left = this.end - this.clock.now();
        if (left <= 0) {
            this.controller.abort(new Error(`the time budget of ${this.seconds}s is spent`));
            return;
        }
        this.timer = this.clock.setTimer(() => {
            this.timer = undefined;
            this.arm();
        }, Math.min(left, MAX_TIMER_MS));
    }
    disarm() {
        if (this.timer !== undefined)
            this.clock.clearTimer(this.timer);
        this.timer = undefined;
    }
}


/***/ }),

/***/ 983:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   dw: () => (/* binding */ actionsExec)
/* harmony export */ });
/* unused harmony exports KILL_GRACE_MS, TIMED_OUT */
/* harmony import */ var _problems_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5451);
/* harmony import */ var _stdout_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7080);


/** SIGTERM, then SIGKILL this long after; then the call gives up on the process's exit. */
const KILL_GRACE_MS = 1000;
/** The exit code a timed-out call reports, as coreutils' timeout does. */
const TIMED_OUT = 124;
const actionsExec = (command, args, options = {}) => options.signal === undefined ? execUnbounded(command, args, options) : execBounded(command, args, options, options.signal);
const execUnbounded = async (command, args, options = {}) => {
    const listeners = {};
    if (options.onStdout)
        listeners.stdout = options.onStdout;
    if (options.onStderr)
        listeners.stderr = options.onStderr;
    try {
        // loaded when a program is run: a run over log files starts without it
        const { getExecOutput } = await __nccwpck_require__.e(/* import() */ 955).then(__nccwpck_require__.bind(__nccwpck_require__, 1955));
        (0,_stdout_js__WEBPACK_IMPORTED_MODULE_0__/* .shareStdout */ .Tg)();
        const r = await getExecOutput(command, [...args], {
            silent: true,
            ignoreReturnCode: true,
            listeners,
            ...(options.cwd === undefined ? {} : { cwd: options.cwd })
        });
        return {
            exitCode: r.exitCode,
            stdout: options.onStdout ? '' : r.stdout,
            stderr: options.onStderr ? '' : r.stderr
        };
    }
    catch (e) {
        // the program could not be started (not on PATH)
        return { exitCode: 127, stdout: '', stderr: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(e) };
    }
};
/**
 * node:child_process rather than @actions/exec, which does not hand out the child: a timed-out
 * docker must be killed, or it keeps the event loop (and the step) alive. On POSIX the program
 * gets its own process group so that the kill reaches what it started (docker runs buildx as a
 * plugin process).
 */
function execBounded(command, args, options, signal) {
    if (signal.aborted)
        return Promise.resolve({ exitCode: TIMED_OUT, stdout: '', stderr: `${command} was not run: no time left`, timedOut: true });
    const posix = process.platform !== 'win32';
    return new Promise((resolve) => {
        const out = [];
        const err = [];
        let settled = false;
        let timedOut = false;
        let exitedBy = null;
        const timers = [];
        let child;
        try {
            // loaded when a command runs: most runs read logs only
            child = process.getBuiltinModule('node:child_process').spawn(command, [...args], {
                stdio: ['ignore', 'pipe', 'pipe'],
                windowsHide: true,
                detached: posix,
                ...(options.cwd === undefined ? {} : { cwd: options.cwd })
            });
        }
        catch (e) {
            // an argument node refuses (a NUL byte)
            resolve({ exitCode: 127, stdout: '', stderr: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(e) });
            return;
        }
        const kill = (sig) => {
            try {
                if (posix && child.pid !== undefined)
                    process.kill(-child.pid, sig);
                else
                    child.kill(sig);
            }
            catch {
                // gone already
            }
        };
        const finish = (r) => {
            if (settled)
                return;
            settled = true;
            signal.removeEventListener('abort', onAbort);
            for (const t of timers)
                clearTimeout(t);
            // a grandchild may still hold the pipes: let go of them, and of the child, so nothing keeps node alive
            child.stdout.destroy();
            child.stderr.destroy();
            child.unref();
            resolve(r);
        };
        const onAbort = () => {
            timedOut = true;
            kill('SIGTERM');
            timers.push(setTimeout(() => {
                kill('SIGKILL');
            }, KILL_GRACE_MS), 
            // a process that even SIGKILL does not end at once (uninterruptible sleep): stop waiting for it
            setTimeout(() => {
                finish({ exitCode: TIMED_OUT, stdout: text(out), stderr: text(err), timedOut: true });
            }, 2 * KILL_GRACE_MS));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        child.stdout.on('data', (b) => {
            if (options.onStdout)
                options.onStdout(b);
            else
                out.push(b);
        });
        child.stderr.on('data', (b) => {
            if (options.onStderr)
                options.onStderr(b);
            else
                err.push(b);
        });
        // not on PATH, not executable
        child.on('error', (e) => {
            finish({ exitCode: 127, stdout: '', stderr: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(e) });
        });
        // killed: as soon as it has exited, whoever still holds its pipes
        child.on('exit', (code, sig) => {
            if (timedOut)
                finish({ exitCode: TIMED_OUT, stdout: text(out), stderr: text(err), timedOut: true });
            else if (code === null)
                exitedBy = sig;
        });
        // otherwise once its output is all read
        child.on('close', (code) => {
            if (timedOut)
                finish({ exitCode: TIMED_OUT, stdout: text(out), stderr: text(err), timedOut: true });
            else
                finish({ exitCode: code ?? 128, stdout: text(out), stderr: exitedBy === null ? text(err) : `${text(err)}killed by ${exitedBy}` });
        });
    });
}
const text = (chunks) => Buffer.concat(chunks).toString('utf8');


/***/ }),

/***/ 8624:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E7: () => (/* binding */ parseInspect),
/* harmony export */   FF: () => (/* binding */ refFromMetadata),
/* harmony export */   Mn: () => (/* binding */ splitRef),
/* harmony export */   Ou: () => (/* binding */ parseBuildxVersion),
/* harmony export */   Xh: () => (/* binding */ parseHistoryLs),
/* harmony export */   zy: () => (/* binding */ versionAtLeast)
/* harmony export */ });
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6413);
// `docker buildx history` (buildx >= 0.20; `--format json` >= 0.21): the command runs in
// buildx.ts, these pure functions read what it prints.

function str(x) {
    return typeof x === 'string' ? x : '';
}
/** One JSON object per line; lines that are not records are skipped and counted. */
function parseHistoryLs(text) {
    const records = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            continue;
        const o = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(line);
        if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isRecord */ .u4)(o) || typeof o.ref !== 'string') {
            skipped++;
            continue;
        }
        records.push({ ref: o.ref, name: str(o.name), status: str(o.status), createdAt: (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .timestamp */ .vE)(o.created_at), completedAt: (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .timestamp */ .vE)(o.completed_at) });
    }
    return { records, skipped };
}
function parseInspect(text) {
    const o = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(text);
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isRecord */ .u4)(o) || typeof o.Ref !== 'string')
        return undefined;
    const error = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isRecord */ .u4)(o.Error) ? str(o.Error.Message) : str(o.Error);
    return {
        name: str(o.Name),
        ref: o.Ref,
        status: str(o.Status),
        error: error === '' ? undefined : error,
        startedAt: (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .timestamp */ .vE)(o.StartedAt),
        completedAt: (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .timestamp */ .vE)(o.CompletedAt),
        buildArgs: buildArgs(o.BuildArgs)
    };
}
/** `[{ "Name": "API_TOKEN", "Value": "…" }]`; absent when the build had none. */
function buildArgs(x) {
    if (!Array.isArray(x))
        return [];
    return x.filter(_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isRecord */ .u4).flatMap((a) => (typeof a.Name === 'string' ? [{ name: a.Name, value: str(a.Value) }] : []));
}
/** `builder/node/id` → its parts; a bare id has no builder. `logs` and `inspect` want the bare id (buildx 0.29). */
function splitRef(ref) {
    const parts = ref.trim().split('/');
    const id = parts.at(-1) ?? '';
    return { builder: parts.length === 3 ? parts[0] : undefined, id };
}
/** The ref in a `--metadata-file` or in docker/build-push-action's `metadata` output. */
function refFromMetadata(json) {
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isRecord */ .u4)(json))
        return undefined;
    const ref = json['buildx.build.ref'];
    return typeof ref === 'string' && ref !== '' ? ref : undefined;
}
/** `github.com/docker/buildx v0.29.1 …` or `… 0.29.1+ds1 …` → [0, 29, 1]. */
function parseBuildxVersion(text) {
    const m = /\bv?(\d+)\.(\d+)\.(\d+)/.exec(text);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}
function versionAtLeast(v, min) {
    for (let i = 0; i < 3; i++) {
        const a = v[i] ?? 0;
        const b = min[i] ?? 0;
        if (a !== b)
            return a > b;
    }
    return true;
}


/***/ }),

/***/ 2674:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CR: () => (/* binding */ instructionFor),
/* harmony export */   J3: () => (/* binding */ stageNamed),
/* harmony export */   ON: () => (/* binding */ baseStage),
/* harmony export */   S1: () => (/* binding */ contextSources),
/* harmony export */   ap: () => (/* binding */ collapse),
/* harmony export */   ff: () => (/* binding */ declaredNames),
/* harmony export */   pP: () => (/* binding */ argsBefore),
/* harmony export */   u9: () => (/* binding */ globRegExp)
/* harmony export */ });
// Instructions BuildKit makes a vertex of, and so counts in `[stage i/n]`; ENV, ARG, LABEL, CMD are image config
const VERTEX_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);
/** Whitespace collapsed, as BuildKit's vertex names and the parser's `text` both read. */
const collapse = (s) => s.replace(/\s+/g, ' ').trim();
/** The stage BuildKit names `name`: its `AS` name, or `stage-N` for the N-th (0-based) unnamed one. */
function stageNamed(d, name) {
    const lower = name.toLowerCase();
    const byName = d.stages.find((s) => s.name === lower);
    if (byName)
        return byName;
    const m = /^stage-(\d+)$/.exec(lower);
    return m ? d.stages[Number(m[1])] : undefined;
}
/** The stage a stage is built on when its FROM names an earlier stage (`FROM deps AS build`). */
function baseStage(d, stage) {
    const base = stage.baseImage.toLowerCase();
    return d.stages.find((s) => s.index < stage.index && (s.name === base || String(s.index) === base));
}
/** The instructions a step can be, in the order `[stage i/n]` counts them. */
function counted(d, stage) {
    const list = stage.instructions.filter((x) => VERTEX_KEYWORDS.has(x.keyword));
    return baseStage(d, stage) === undefined ? [stage.from, ...list] : list;
}
/**
 * The instruction a step was made from: in its stage, the one whose text reads the same (whitespace
 * aside), else the one at its `i/n` position when the stage counts `n` of them.
 */
function instructionFor(d, step) {
    const stage = stageNamed(d, step.stage);
    if (!stage)
        return undefined;
    const list = counted(d, stage);
    const text = collapse(step.text);
    const same = list.filter((x) => x.text === text);
    if (same.length === 1)
        return same[0];
    if (list.length === step.count) {
        const at = list[step.index - 1];
        if (at && (same.length === 0 || same.includes(at)))
            return at;
    }
    return same[0];
}
/** The ARGs declared in a stage before an instruction: BuildKit keys every RUN after them on their values. */
function argsBefore(stage, x) {
    return stage.instructions.filter((y) => y.keyword === 'ARG' && y.startLine < x.startLine);
}
/** The sources of a COPY or ADD taken from the build context: none for `--from=`, heredocs or URLs. */
function contextSources(x) {
    if (x.flags.some((f) => f.name === 'from'))
        return [];
    const words = x.json ?? x.args.split(/\s+/).filter((w) => w !== '');
    return words.slice(0, -1).filter((w) => !w.startsWith('<<') && !/^[a-z]+:\/\//i.test(w) && !w.startsWith('git@'));
}
/** The names an ARG or ENV sets: `ARG A=1 B`, `ENV A=1 B=2`, and the old `ENV A value`. */
function declaredNames(x) {
    if (x.keyword === 'ENV' && !/^[^\s=]+=/.test(x.args))
        return [x.args.split(/\s+/)[0] ?? ''].filter((w) => w !== '');
    return [...x.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)/g)].map((m) => m[1] ?? '');
}
/** A .dockerignore (Go filepath.Match, plus `**`) pattern as a RegExp over a slash path. */
function globRegExp(glob) {
    let re = '';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i] ?? '';
        if (c === '*' && glob[i + 1] === '*') {
            re += glob[i + 2] === '/' ? '(.*/)?' : '.*';
            i += glob[i + 2] === '/' ? 2 : 1;
        }
        else if (c === '*')
            re += '[^/]*';
        else if (c === '?')
            re += '[^/]';
        else
            re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${re}$`);
}


/***/ }),

/***/ 5381:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ parseDockerfile)
/* harmony export */ });
/* harmony import */ var _problems_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5451);

const KEYWORDS = new Set([
    'ADD',
    'ARG',
    'CMD',
    'COPY',
    'ENTRYPOINT',
    'ENV',
    'EXPOSE',
    'FROM',
    'HEALTHCHECK',
    'LABEL',
    'MAINTAINER',
    'ONBUILD',
    'RUN',
    'SHELL',
    'STOPSIGNAL',
    'USER',
    'VOLUME',
    'WORKDIR'
]);
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const JSON_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);
const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$/;
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
// A name or quoted name after << (or <<-): `1<<2` in shell arithmetic is not one
const HEREDOC_MARKER = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
/** Reads a Dockerfile as BuildKit's parser does; what it would refuse is a problem, never a throw. */
function parseDockerfile(text, file = 'Dockerfile') {
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    const problems = [];
    const directives = {};
    let i = 0;
    // Directives only count before any comment, blank line or instruction
    for (; i < lines.length; i++) {
        const m = DIRECTIVE.exec((lines[i] ?? '').trim());
        const name = m?.[1]?.toLowerCase();
        if (m === null || name === undefined || !KNOWN_DIRECTIVES.has(name))
            break;
        if (name in directives)
            problems.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_0__/* .problem */ .CC)('dockerfile-invalid', `the parser directive ${name} is given twice`, { file, line: i + 1 }));
        else
            directives[name] = m[2] ?? '';
    }
    let escape = '\\';
    if (directives.escape !== undefined) {
        if (directives.escape === '`' || directives.escape === '\\')
            escape = directives.escape;
        else
            problems.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_0__/* .problem */ .CC)('dockerfile-invalid', `escape=${directives.escape}: the escape character can only be \\ or \``, { file, line: 1 }));
    }
    const instructions = [];
    const globalArgs = [];
    const stages = [];
    while (i < lines.length) {
        const first = lines[i] ?? '';
        const trimmed = first.trim();
        if (trimmed === '' || trimmed.startsWith('#')) {
            i++;
            continue;
        }
        const startLine = i + 1;
        // Join continuations; comment and blank lines inside one are dropped, as BuildKit does
        let logical = '';
        let line = first;
        for (;;) {
            const cont = continued(line, escape);
            logical += cont ?? line;
            i++;
            if (cont === undefined)
                break;
            while (i < lines.length && /^\s*(#.*)?$/.test(lines[i] ?? ''))
                i++;
            if (i >= lines.length)
                break;
            line = lines[i] ?? '';
        }
        const endOfLine = i;
        const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(logical);
        const word = m?.[1] ?? '';
        const keyword = word.toUpperCase();
        let rest = (m?.[2] ?? '').trim();
        if (!KEYWORDS.has(keyword)) {
            problems.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_0__/* .problem */ .CC)('dockerfile-invalid', `unknown instruction: ${word}`, { file, line: startLine }));
            continue;
        }
        const heredocs = [];
        if (HEREDOC_KEYWORDS.has(keyword)) {
            for (const h of rest.matchAll(HEREDOC_MARKER)) {
                const delimiter = h[3] ?? '';
                const stripTabs = h[1] === '-';
                const body = [];
                const bodyStart = i + 1;
                let closed = false;
                for (; i < lines.length; i++) {
                    const l = lines[i] ?? '';
                    if ((stripTabs ? l.replace(/^\t+/, '') : l) === delimiter) {
                        closed = true;
                        i++;
                        break;
                    }
                    body.push(stripTabs ? l.replace(/^\t+/, '') : l);
                }
                if (!closed)
                    problems.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_0__/* .problem */ .CC)('dockerfile-invalid', `the heredoc <<${delimiter} is not ended by a line ${delimiter}`, { file, line: startLine }));
                heredocs.push({ delimiter, stripTabs, quoted: h[2] !== '', body: body.length === 0 ? '' : body.join('\n') + '\n', startLine: bodyStart, endLine: i });
            }
        }
        const flags = [];
        for (;;) {
            const f = /^--([A-Za-z][A-Za-z0-9-]*)(?:=(\S*))?(?:\s+|$)/.exec(rest);
            if (f === null)
                break;
            flags.push({ name: f[1] ?? '', value: f[2] });
            rest = rest.slice(f[0].length);
        }
        const instruction = {
            keyword,
            args: rest,
            flags,
            json: JSON_KEYWORDS.has(keyword) ? execForm(rest) : undefined,
            heredocs,
            text: `${keyword} ${flags.map((f) => (f.value === undefined ? `--${f.name} ` : `--${f.name}=${f.value} `)).join('')}${rest}`.replace(/\s+/g, ' ').trim(),
            startLine,
            endLine: Math.max(endOfLine, i, startLine),
            stage: stages.length - 1
        };
        instructions.push(instruction);
        if (keyword === 'FROM') {
            const words = rest.split(/\s+/).filter((w) => w !== '');
            if (words.length === 0)
                problems.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_0__/* .problem */ .CC)('dockerfile-invalid', 'FROM names no image', { file, line: startLine }));
            else if (!(words.length === 1 || (words.length === 3 && words[1]?.toUpperCase() === 'AS')))
                problems.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_0__/* .problem */ .CC)('dockerfile-invalid', `FROM ${rest}: expected FROM [--platform=...] image [AS name]`, { file, line: startLine }));
            instruction.stage = stages.length;
            stages.push({
                index: stages.length,
                name: words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined,
                baseImage: words[0] ?? '',
                platform: flags.find((f) => f.name === 'platform')?.value,
                from: instruction,
                instructions: []
            });
        }
        else if (stages.length === 0) {
            if (keyword === 'ARG')
                globalArgs.push(instruction);
            else
                problems.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_0__/* .problem */ .CC)('dockerfile-invalid', `${keyword} before the first FROM: only ARG can come before it`, { file, line: startLine }));
        }
        else
            stages[stages.length - 1]?.instructions.push(instruction);
    }
    if (stages.length === 0 && problems.length === 0)
        problems.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_0__/* .problem */ .CC)('dockerfile-invalid', 'no FROM: the Dockerfile has no stage', { file }));
    return { file, directives, escape, globalArgs, stages, instructions, problems };
}
/** The line without its trailing escape character when it continues on the next, else undefined. */
function continued(line, escape) {
    const t = line.replace(/[ \t]+$/, '');
    return t.endsWith(escape) ? t.slice(0, -1) : undefined;
}
/** `["a", "b"]` as strings; undefined for the shell form (BuildKit falls back to it too). */
function execForm(args) {
    if (!args.startsWith('['))
        return undefined;
    try {
        const v = JSON.parse(args);
        return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 199:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ exitWhenFlushed)
/* harmony export */ });
/* harmony import */ var _stdout_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7080);

/**
 * Ends the entry point once the report is out. Every wait is bounded, but what was given up on (a
 * socket the cache service or the REST API never answered, @actions/cache's retries) may still hold
 * the event loop and would keep the step running. Outputs and state are written synchronously
 * (appendFileSync) and the summary is awaited; stdout is flushed here, as a pipe may be written
 * asynchronously. process.exitCode, as core.setFailed set it, is kept.
 */
async function exitWhenFlushed() {
    // on Linux the job log went to fd 1 as written (stdout.ts): no stream to flush, none to make
    if ((0,_stdout_js__WEBPACK_IMPORTED_MODULE_0__/* .stdoutStream */ .c4)())
        await Promise.all([flush(process.stdout), flush(process.stderr)]);
    process.exit();
}
function flush(stream) {
    return new Promise((resolve) => {
        // the callback runs once everything written before it is handed to the OS
        stream.write('', () => {
            resolve();
        });
    });
}


/***/ }),

/***/ 2016:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $l: () => (/* binding */ gib),
/* harmony export */   BK: () => (/* binding */ formatPointsDelta),
/* harmony export */   EQ: () => (/* binding */ oneDecimal),
/* harmony export */   KM: () => (/* binding */ sparkline),
/* harmony export */   M0: () => (/* binding */ bar),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   l9: () => (/* binding */ formatPercent),
/* harmony export */   pI: () => (/* binding */ fixedSigned),
/* harmony export */   qu: () => (/* binding */ formatDurationDelta),
/* harmony export */   vx: () => (/* binding */ formatBytesDelta),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* harmony import */ var _arrays_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8901);

/** `83.3`: one decimal, and never `100.0` unless every step was cached (99.96 reads 99.9). */
function formatPercent(rate) {
    if (rate === null)
        return '';
    const fixed = rate.toFixed(1);
    return fixed === '100.0' && rate < 100 ? '99.9' : fixed;
}
/** One decimal, as the outputs carry seconds, percentages and points. */
function oneDecimal(seconds) {
    return fixedSigned(seconds, 1);
}
/** `digits` decimals; halves round away from zero for either sign, and there is no `-0.0`. */
function fixedSigned(n, digits) {
    const f = 10 ** digits;
    const r = Math.round(Math.abs(n) * f) / f;
    return `${n < 0 && r > 0 ? '-' : ''}${r.toFixed(digits)}`;
}
/** `4.1s`, `2m 03.4s`, `1h 02m 05s`: for people. */
function formatDuration(seconds) {
    if (!Number.isFinite(seconds) || seconds < 0)
        return '–';
    const tenths = Math.round(seconds * 10);
    if (tenths < 600)
        return `${(tenths / 10).toFixed(1)}s`;
    const h = Math.floor(tenths / 36000);
    const m = Math.floor((tenths % 36000) / 600);
    const s = (tenths % 600) / 10;
    if (h > 0)
        return `${h}h ${String(m).padStart(2, '0')}m ${String(Math.round(s)).padStart(2, '0')}s`;
    return `${m}m ${s.toFixed(1).padStart(4, '0')}s`;
}
/** A bar of `width` cells for value/max, in eighths. */
function bar(value, max, width = 16) {
    if (max <= 0 || value <= 0)
        return '';
    const eighths = Math.max(1, Math.round((value / max) * width * 8));
    const full = Math.floor(eighths / 8);
    const part = eighths % 8;
    return '█'.repeat(full) + (part > 0 ? ' ▏▎▍▌▋▊▉'.charAt(part) : '');
}
/** Bytes in decimal units as buildx prints them: `463 B`, `2.47 kB`, `1.05 MB`. */
function formatBytes(bytes) {
    const sign = bytes < 0 ? '−' : '';
    let v = Math.abs(bytes);
    const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
    let u = 0;
    while (v >= 1000 && u < units.length - 1) {
        v /= 1000;
        u++;
    }
    const digits = u === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2;
    return `${sign}${v.toFixed(digits)} ${units[u] ?? 'B'}`;
}
/** `+1.05 MB` / `−12.0 kB` / `±0 B`. */
function formatBytesDelta(bytes) {
    return bytes === 0 ? '±0 B' : bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}
/** `▲ 12.5s` / `▼ 1m 30.0s` / `= 0.0s`: a change in time, up being slower. */
function formatDurationDelta(seconds) {
    const r = Math.round(Math.abs(seconds) * 10) / 10;
    return r === 0 ? '= 0.0s' : `${seconds > 0 ? '▲' : '▼'} ${formatDuration(r)}`;
}
/** `▲ 12.5 pts` / `▼ 3.0 pts`: a change in percentage points. */
function formatPointsDelta(points) {
    const r = Math.round(Math.abs(points) * 10) / 10;
    return r === 0 ? '= 0.0 pts' : `${points > 0 ? '▲' : '▼'} ${r.toFixed(1)} pts`;
}
const SPARKS = '▁▂▃▄▅▆▇█';
/** A one-line chart of values, scaled between their min and max. */
function sparkline(values) {
    if (values.length === 0)
        return '';
    const lo = (0,_arrays_js__WEBPACK_IMPORTED_MODULE_0__/* .minOf */ ._h)(values, 0);
    const hi = (0,_arrays_js__WEBPACK_IMPORTED_MODULE_0__/* .maxOf */ ._)(values, 0);
    return values.map((v) => SPARKS.charAt(hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (SPARKS.length - 1)))).join('');
}
/** `9.31 GiB`: binary units, as GitHub states the Actions cache's limit. */
function gib(bytes) {
    return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}


/***/ }),

/***/ 8073:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DE: () => (/* binding */ fstat),
/* harmony export */   LF: () => (/* binding */ read),
/* harmony export */   Nc: () => (/* binding */ mkdirs),
/* harmony export */   T_: () => (/* binding */ access),
/* harmony export */   VF: () => (/* binding */ ftruncate),
/* harmony export */   VN: () => (/* binding */ close),
/* harmony export */   dJ: () => (/* binding */ stat),
/* harmony export */   dl: () => (/* binding */ appendFile),
/* harmony export */   f4: () => (/* binding */ writeAll),
/* harmony export */   ho: () => (/* binding */ open),
/* harmony export */   yR: () => (/* binding */ readText)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);

// The file calls a run makes, as promises over node:fs's callbacks: node:fs/promises loads ten
// more of Node's modules (readline, watchers, REPL history) at start, 3 ms of every run.
function done(resolve, reject) {
    return (e, v) => {
        if (e)
            reject(e);
        else
            resolve(v);
    };
}
/** done() for the calls whose callback carries no value. */
function settled(resolve, reject) {
    return (e) => {
        if (e)
            reject(e);
        else
            resolve();
    };
}
const stat = (path) => new Promise((resolve, reject) => {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.stat(path, done(resolve, reject));
});
const fstat = (fd) => new Promise((resolve, reject) => {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.fstat(fd, done(resolve, reject));
});
const open = (path, flags) => new Promise((resolve, reject) => {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.open(path, flags, done(resolve, reject));
});
const close = (fd) => new Promise((resolve, reject) => {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.close(fd, settled(resolve, reject));
});
/** Bytes read into buf from its start; position null: where the last read ended. */
const read = (fd, buf, length, position) => new Promise((resolve, reject) => {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.read(fd, buf, 0, length, position, done(resolve, reject));
});
const readText = (fd) => new Promise((resolve, reject) => {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.readFile(fd, 'utf8', done(resolve, reject));
});
const ftruncate = (fd, length) => new Promise((resolve, reject) => {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.ftruncate(fd, length, settled(resolve, reject));
});
const writeFrom = (fd, bytes, from) => new Promise((resolve, reject) => {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.write(fd, bytes, from, bytes.length - from, null, done(resolve, reject));
});
/** All of text, however many writes it takes. */
async function writeAll(fd, text) {
    const bytes = Buffer.from(text);
    let at = 0;
    while (at < bytes.length)
        at += await writeFrom(fd, bytes, at);
}
const appendFile = (path, text) => new Promise((resolve, reject) => {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.appendFile(path, text, { encoding: 'utf8' }, settled(resolve, reject));
});
const access = (path, mode) => new Promise((resolve, reject) => {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.access(path, mode, settled(resolve, reject));
});
const mkdirs = (path) => new Promise((resolve, reject) => {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdir(path, { recursive: true }, settled(resolve, reject));
});


/***/ }),

/***/ 742:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  JH: () => (/* binding */ GATES),
  ud: () => (/* binding */ evaluateGates),
  Tb: () => (/* binding */ gateFor)
});

// EXTERNAL MODULE: ./lib/format.js
var format = __nccwpck_require__(2016);
;// CONCATENATED MODULE: ./lib/gates/gate.js

const pct = (n) => `${(0,format/* formatPercent */.l9)(n)}%`;
const secs = (n) => `${(0,format/* oneDecimal */.EQ)(n)}s`;
const pts = (n) => `${(0,format/* oneDecimal */.EQ)(n)} points`;
function notJudged(message) {
    return { measured: null, failed: false, message };
}
function noBaseline(input, threshold) {
    return notJudged(`${input} ${threshold} not evaluated: there is no baseline to compare with yet`);
}

;// CONCATENATED MODULE: ./lib/gates/min-cache-hit-rate.js

const input = 'min-cache-hit-rate';
const minCacheHitRate = {
    input,
    unit: '%',
    range: { min: 0, max: 100 },
    usage: 'exit 1 when the cache hit rate (percent) is below n',
    unjudged: 'warning',
    judge(min, { totals }) {
        const rate = totals.hitRate;
        if (rate === null)
            return notJudged(`${input} ${min}% not evaluated: no Dockerfile step was found in the logs`);
        return { measured: rate, failed: rate < min, message: `cache hit rate ${pct(rate)} ${rate < min ? 'is below' : 'meets'} ${input} ${min}%` };
    }
};

;// CONCATENATED MODULE: ./lib/gates/max-duration.js

const max_duration_input = 'max-duration';
const maxDuration = {
    input: max_duration_input,
    unit: 's',
    range: { min: 0 },
    usage: 'exit 1 when the build took longer than s seconds',
    unjudged: 'notice',
    judge(max, { totals }) {
        const d = totals.duration;
        return { measured: d, failed: d > max, message: `build duration ${secs(d)} ${d > max ? 'is above' : 'is within'} ${max_duration_input} ${max}s` };
    }
};

;// CONCATENATED MODULE: ./lib/gates/max-duration-increase.js


const max_duration_increase_input = 'max-duration-increase';
const maxDurationIncrease = {
    input: max_duration_increase_input,
    unit: '%',
    range: { min: 0 },
    usage: 'exit 1 when the build is n percent slower than the baseline',
    unjudged: 'notice',
    judge(max, { totals, deltas }) {
        if (!deltas)
            return noBaseline(max_duration_increase_input, max);
        const inc = deltas.durationDeltaPercent;
        if (inc === undefined) {
            return notJudged(`${max_duration_increase_input} ${max}% not evaluated: the baseline's duration was measured another way (wall clock against a sum of step times)`);
        }
        const verb = inc > max ? 'more than' : 'within';
        return {
            measured: inc,
            failed: inc > max,
            message: `build duration ${secs(totals.duration)} is ${(0,format/* oneDecimal */.EQ)(Math.abs(inc))}% ${inc >= 0 ? 'above' : 'below'} the baseline median ${secs(deltas.baselineDuration)}, ${verb} ${max_duration_increase_input} ${max}%`
        };
    }
};

;// CONCATENATED MODULE: ./lib/gates/max-cache-hit-rate-drop.js

const max_cache_hit_rate_drop_input = 'max-cache-hit-rate-drop';
const maxCacheHitRateDrop = {
    input: max_cache_hit_rate_drop_input,
    range: { min: 0, max: 100 },
    usage: 'exit 1 when the hit rate is n points below the baseline',
    unjudged: 'notice',
    judge(max, { totals, deltas }) {
        if (!deltas)
            return noBaseline(max_cache_hit_rate_drop_input, max);
        const delta = deltas.hitRateDelta;
        if (delta === null || totals.hitRate === null || deltas.baselineHitRate === null)
            return notJudged(`${max_cache_hit_rate_drop_input} ${max} not evaluated: no hit rate to compare`);
        const drop = -delta;
        return {
            measured: drop,
            failed: drop > max,
            message: `cache hit rate ${pct(totals.hitRate)} is ${pts(Math.abs(drop))} ${drop >= 0 ? 'below' : 'above'} the baseline median ${pct(deltas.baselineHitRate)}, ${drop > max ? 'more than' : 'within'} ${max_cache_hit_rate_drop_input} ${max}`
        };
    }
};

;// CONCATENATED MODULE: ./lib/gates/cache-break.js
// Installs that read only the dependency manifests: worth running before the rest of the sources are copied.
const INSTALL = /\b(npm (ci|install|i)|yarn( install)?|pnpm (i|install|fetch)|bun install|pip3? install|poetry install|uv sync|pipenv install|bundle install|go mod download|cargo (fetch|build)|composer install|mvn\b.*(dependency:|install|package)|gradle\b|dotnet restore|mix deps\.get)\b/i;
// `COPY . .`, `ADD ./ /app`, `COPY --chown=x . /src`: the whole build context.
const WHOLE_CONTEXT = /^(COPY|ADD)\s+(--\S+\s+)*\.\/?\s+\S+/i;
const cache_break_short = (text) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);
function firstBreak(f) {
    let first;
    for (const b of f.breaks) {
        const stages = f.builds[b.build - 1]?.stages ?? [];
        const stageAt = stages.findIndex((s) => s.name === b.stage && s.platform === b.platform);
        const order = [b.build, stageAt < 0 ? stages.length : stageAt];
        if (first === undefined || order[0] < first.order[0] || (order[0] === first.order[0] && order[1] < first.order[1]))
            first = { b, order };
    }
    return first?.b;
}
function laterSteps(f, b) {
    const stage = f.builds[b.build - 1]?.stages.find((s) => s.name === b.stage && s.platform === b.platform);
    return (stage?.steps ?? []).filter((s) => s.index > b.step.index);
}
function remedy(f, b) {
    const text = b.step.text;
    const keyword = b.step.instruction.toUpperCase();
    if (WHOLE_CONTEXT.test(text)) {
        if (laterSteps(f, b).some((s) => s.instruction.toUpperCase() === 'RUN' && INSTALL.test(s.text)))
            return 'copy the dependency manifests and install before copying the rest';
        return 'a file in the build context changed: copy only what this step needs, and keep the rest out with .dockerignore';
    }
    if (keyword === 'COPY' || keyword === 'ADD')
        return 'the copied files changed: copy what changes often after the slow steps, not before them';
    if (keyword === 'RUN')
        return 'its command or a build arg declared before it changed: declare args that change every run (a commit, a date) after the slow steps';
    return 'put the instructions that change often after the slow steps';
}
/** `; first cache miss: stage `build`, step 7/10 `COPY src/ ./src/`; <remedy>`; '' when the report has no break and some step was cached. */
function whereTheCacheBroke(f) {
    const b = firstBreak(f);
    if (b === undefined) {
        return f.totals.steps > 0 && f.totals.cached === 0
            ? '; no step was cached: import a build cache (`--cache-from`, e.g. `type=gha`) and export it with `mode=max`'
            : '';
    }
    const count = f.builds[b.build - 1]?.steps.find((s) => s.stage === b.stage && s.platform === b.platform && s.index === b.step.index)?.count;
    const where = [
        f.totals.builds > 1 ? `build ${b.build}` : '',
        b.platform === '' ? '' : `platform ${b.platform}`,
        `stage \`${b.stage}\``,
        `step ${b.step.index}${count === undefined ? '' : `/${count}`} \`${cache_break_short(b.step.text)}\``
    ].filter((s) => s !== '');
    return `; first cache miss: ${where.join(', ')}; ${remedy(f, b)}`;
}

;// CONCATENATED MODULE: ./lib/gates/index.js





/** Every gate, in the order their checks are reported. A new gate is a file here and its line in action.yml. */
const GATES = [minCacheHitRate, maxDuration, maxDurationIncrease, maxCacheHitRateDrop];
function gateFor(input) {
    return GATES.find((g) => g.input === input);
}
/**
 * Judges every threshold the user set; the verdict is fail when any failed, pass when any passed.
 * A failed check's message goes on with the first cache break of `facts` and a remedy.
 */
function evaluateGates(thresholds, totals, deltas, facts) {
    const checks = [];
    let where;
    for (const g of GATES) {
        const threshold = thresholds[g.input];
        if (threshold === undefined)
            continue;
        const j = g.judge(threshold, { totals, deltas });
        const verdict = j.measured === null ? 'none' : j.failed ? 'fail' : 'pass';
        if (verdict === 'fail' && facts !== undefined)
            where ??= whereTheCacheBroke(facts);
        checks.push({ gate: g.input, threshold, measured: j.measured, verdict, message: verdict === 'fail' ? `${j.message}${where ?? ''}` : j.message });
    }
    const verdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'pass') ? 'pass' : 'none';
    return { verdict, checks };
}


/***/ }),

/***/ 636:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   H6: () => (/* binding */ githubRequest),
/* harmony export */   Jk: () => (/* binding */ repository),
/* harmony export */   Qr: () => (/* binding */ lazyRequest)
/* harmony export */ });
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(1810);
/* harmony import */ var _deadline_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4611);
/* harmony import */ var _stdout_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7080);



/**
 * octokit.request from @actions/github (GITHUB_API_URL for GitHub Enterprise), loaded only
 * when the REST API is used, so that a run without a token does not pay for loading it. Each
 * request carries the deadline's signal: undici's own timeouts are 300 s per request, and a
 * server that accepts the connection and never answers would otherwise hold the step that long.
 */
async function githubRequest(token, deadline = new _deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .Deadline */ .B2(_deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_TIMEOUT_SECONDS */ .KU)) {
    const { getOctokit } = await Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(413)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2413));
    (0,_stdout_js__WEBPACK_IMPORTED_MODULE_1__/* .shareStdout */ .Tg)();
    const octokit = getOctokit(token);
    const late = () => new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .NoAnswer */ .W_(deadline.message('the REST API'));
    return async (route, params) => {
        if (deadline.expired())
            throw late();
        try {
            const r = await octokit.request(route, { ...params, request: { signal: deadline.signal } });
            return { status: r.status, data: r.data };
        }
        catch (e) {
            // octokit gives an aborted fetch status 500: it is no answer, not GitHub's
            if (deadline.signal.aborted)
                throw late();
            throw e;
        }
    };
}
/**
 * A request whose client is made on its first use: making it loads octokit (about 50 ms), which
 * run mode would otherwise spend before the build starts, though every REST call comes after the
 * build starts. A client that cannot be made fails each request, as an API that does not answer.
 */
function lazyRequest(make) {
    let made;
    return async (route, params) => {
        made ??= make();
        return (await made)(route, params);
    };
}
/** `owner/repo` from GITHUB_REPOSITORY. */
function repository(env) {
    const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/');
    return owner && repo && rest.length === 0 ? { owner, repo } : undefined;
}


/***/ }),

/***/ 4072:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Kv: () => (/* binding */ jobIdentity),
/* harmony export */   ue: () => (/* binding */ legName),
/* harmony export */   z5: () => (/* binding */ parseMatrix)
/* harmony export */ });
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6413);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5078);


const MAX_KEYS = 20;
const MAX_VALUE = 200;
/**
 * The `matrix` input (`${{ toJSON(matrix) }}`, `null` outside a matrix): each value as text, a
 * nested one as its JSON, credentials of known shapes hidden. undefined for none; 'invalid' when
 * it is not a JSON object.
 */
function parseMatrix(text) {
    const t = text.trim();
    if (t === '' || t === 'null' || t === '{}')
        return undefined;
    const o = (0,_json_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJson */ .qF)(t);
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u4)(o))
        return 'invalid';
    const out = {};
    for (const [k, v] of Object.entries(o).slice(0, MAX_KEYS)) {
        if (v === null || v === undefined)
            continue;
        const s = typeof v === 'string' ? v : JSON.stringify(v);
        out[k] = (0,_redact_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s).text;
    }
    return Object.keys(out).length > 0 ? out : undefined;
}
/** From the runner's GITHUB_* and RUNNER_* variables; undefined off GitHub (the CLI, a laptop). */
function jobIdentity(env, matrix) {
    const v = (name) => {
        const s = env[name]?.trim();
        return s === undefined || s === '' ? undefined : s;
    };
    const id = {};
    const set = (key, value) => {
        if (value !== undefined)
            id[key] = value;
    };
    set('repository', v('GITHUB_REPOSITORY'));
    set('workflow', v('GITHUB_WORKFLOW'));
    set('job', v('GITHUB_JOB'));
    set('runId', v('GITHUB_RUN_ID'));
    set('runAttempt', v('GITHUB_RUN_ATTEMPT'));
    const server = v('GITHUB_SERVER_URL');
    if (server !== undefined && id.repository !== undefined && id.runId !== undefined)
        id.runUrl = `${server}/${id.repository}/actions/runs/${id.runId}${id.runAttempt === undefined ? '' : `/attempts/${id.runAttempt}`}`;
    set('ref', v('GITHUB_REF'));
    set('sha', v('GITHUB_SHA'));
    set('matrix', matrix);
    const runner = {};
    for (const [key, name] of [
        ['name', 'RUNNER_NAME'],
        ['os', 'RUNNER_OS'],
        ['arch', 'RUNNER_ARCH'],
        ['environment', 'RUNNER_ENVIRONMENT']
    ]) {
        const value = v(name);
        if (value !== undefined)
            runner[key] = value;
    }
    if (Object.keys(runner).length > 0)
        id.runner = runner;
    return Object.keys(id).length > 0 ? id : undefined;
}
/** `build (linux/arm64, ubuntu-24.04-arm)`: the job and its matrix values, as GitHub names a matrix job. */
function legName(job) {
    const values = Object.values(job?.matrix ?? {});
    if (job?.job === undefined)
        return values.length > 0 ? values.join(', ') : undefined;
    return values.length > 0 ? `${job.job} (${values.join(', ')})` : job.job;
}


/***/ }),

/***/ 1810:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   J5: () => (/* binding */ refused),
/* harmony export */   Sv: () => (/* binding */ answerCode),
/* harmony export */   T1: () => (/* binding */ call),
/* harmony export */   WJ: () => (/* binding */ TOKEN_HINT),
/* harmony export */   W_: () => (/* binding */ NoAnswer),
/* harmony export */   d8: () => (/* binding */ why),
/* harmony export */   ok: () => (/* binding */ ok)
/* harmony export */ });
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6413);
/* harmony import */ var _problems_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5451);


/** What a request function throws when the deadline passed first: "the REST API did not answer within Ns". */
class NoAnswer extends Error {
    name = 'NoAnswer';
}
/** Never throws: octokit.request throws a RequestError for a non-2xx answer, whose status and body still count. */
async function call(request, route, params) {
    try {
        return await request(route, params);
    }
    catch (e) {
        if (e instanceof NoAnswer)
            return { status: 0, data: undefined, error: e.message, timedOut: true };
        if ((0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isRecord */ .u4)(e) && typeof e.status === 'number')
            return { status: e.status, data: (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isRecord */ .u4)(e.response) ? e.response.data : undefined };
        return { status: 0, data: undefined, error: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(e) };
    }
}
const ok = (a) => a.status >= 200 && a.status < 300;
/** Why an answer cannot be used, for a notice. */
const why = (a) => a.timedOut === true
    ? (a.error ?? 'the REST API did not answer in time')
    : a.status === 0
        ? `the request failed (${a.error ?? 'no answer'})`
        : ok(a)
            ? 'the answer has unexpected fields'
            : `GitHub answered HTTP ${a.status}`;
/** The likeliest cause of a refusal (401, 403, 404) is the job's token: say what it needs. */
const refused = (a) => a.status === 401 || a.status === 403 || a.status === 404;
/** What `why` says, as a problem's code: no answer in time, no answer, a refusal, another error, unexpected fields. */
function answerCode(a) {
    if (a.timedOut === true)
        return 'service-timeout';
    if (a.status === 0)
        return 'service-failed';
    if (ok(a))
        return 'api-unexpected';
    return refused(a) ? 'api-refused' : 'api-error';
}
const TOKEN_HINT = ' The token needs the `actions: read` permission (job `permissions: actions: read`).';


/***/ }),

/***/ 5691:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1080);
/* harmony import */ var _action_io_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7507);
/* harmony import */ var _docker_exec_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(983);
/* harmony import */ var _exit_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(199);




await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)((0,_action_io_js__WEBPACK_IMPORTED_MODULE_1__/* .runnerIO */ .$6)(), _docker_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .actionsExec */ .dw);
await (0,_exit_js__WEBPACK_IMPORTED_MODULE_3__/* .exitWhenFlushed */ .K)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 6413:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ finite),
/* harmony export */   qF: () => (/* binding */ parseJson),
/* harmony export */   sl: () => (/* binding */ utcStamp),
/* harmony export */   u4: () => (/* binding */ isRecord),
/* harmony export */   vE: () => (/* binding */ timestamp)
/* harmony export */ });
/** The one guard every reader of outside JSON (BuildKit, buildx, state, the REST API) starts from. */
function isRecord(x) {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}
/** A finite number, or undefined. */
function finite(x) {
    return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}
/** The second of the last UTC timestamp read (its digits as one number), and its ms since the epoch. */
let lastSecond = -1;
let lastSecondMs = 0;
/**
 * A UTC timestamp as BuildKit and the runner write it, `2026-11-29T09:58:57.917265293Z` with 1 to
 * 9 fraction digits, at the start of s: its ms since the epoch, and where its `Z` is. undefined
 * for any other form and for hour 24, which Date.parse reads its own way (`24:00:00Z`, and no
 * fraction after it; 10 fraction digits or more, `.0005000000` is 5 ms). Date.parse keeps the
 * fraction's first three digits, and so does this; the second is parsed once for a run of
 * timestamps in it, since a log's come many to a second.
 */
function utcStamp(s) {
    if (s.length < 22 || s.charCodeAt(19) !== 46 /* . */ || s.charCodeAt(10) !== 84 /* T */)
        return undefined;
    const y = digits(s, 0, 4);
    const mo = digits(s, 5, 7);
    const d = digits(s, 8, 10);
    const h = digits(s, 11, 13);
    const mi = digits(s, 14, 16);
    const sec = digits(s, 17, 19);
    const seps = s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58;
    if (!seps || y < 0 || mo < 0 || d < 0 || h < 0 || h === 24 || mi < 0 || sec < 0)
        return undefined;
    let i = 20;
    let ms = 0;
    for (; i < s.length && i < 29; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9)
            break;
        if (i < 23)
            ms = ms * 10 + c;
    }
    if (i === 20 || s.charCodeAt(i) !== 90 /* Z */)
        return undefined;
    for (let k = i; k < 23; k++)
        ms *= 10;
    const second = ((((y * 100 + mo) * 100 + d) * 100 + h) * 100 + mi) * 100 + sec;
    if (second !== lastSecond) {
        const t = Date.parse(`${s.slice(0, 19)}Z`);
        if (Number.isNaN(t))
            return undefined;
        lastSecond = second;
        lastSecondMs = t;
    }
    return { at: lastSecondMs + ms, z: i };
}
/** The number the characters [from, to) of s write in decimal digits, or -1. */
function digits(s, from, to) {
    let v = 0;
    for (let i = from; i < to; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9)
            return -1;
        v = v * 10 + c;
    }
    return v;
}
/** RFC 3339 with a fraction of any length (BuildKit, buildx) → ms since the epoch; Date keeps ms, all a report needs. */
function timestamp(x) {
    if (typeof x !== 'string')
        return undefined;
    const utc = utcStamp(x);
    if (utc !== undefined && utc.z === x.length - 1)
        return utc.at;
    const t = Date.parse(x);
    return Number.isNaN(t) ? undefined : t;
}
/** JSON.parse for text from outside: undefined when it is not JSON, never a throw. */
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 1080:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: ./lib/action-io.js + 2 modules
var action_io = __nccwpck_require__(7507);
// EXTERNAL MODULE: ./lib/constants.js
var constants = __nccwpck_require__(4238);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./lib/gates/index.js + 6 modules
var gates = __nccwpck_require__(742);
// EXTERNAL MODULE: ./lib/problems.js
var lib_problems = __nccwpck_require__(5451);
// EXTERNAL MODULE: ./lib/deadline.js
var lib_deadline = __nccwpck_require__(4611);
// EXTERNAL MODULE: ./lib/otlp/settings.js
var settings = __nccwpck_require__(3478);
// EXTERNAL MODULE: ./lib/github/job.js
var job = __nccwpck_require__(4072);
;// CONCATENATED MODULE: ./lib/inputs.js








/** The only place inputs are read: each is checked, none is cast. */
function getInputs(get, env = process.env) {
    const errors = [];
    const logFiles = lines(get(constants/* Input */.pd.LogFiles));
    const buildRefs = get(constants/* Input */.pd.BuildRefs).trim();
    const builder = get(constants/* Input */.pd.Builder).trim() || undefined;
    const run = get(constants/* Input */.pd.Run).trim();
    const thresholds = Object.fromEntries(gates/* GATES */.JH.map((g) => [g.input, number(get, g.input, { ...g.range, unit: g.unit }, errors)]));
    let gate = 'fail';
    const g = get(constants/* Input */.pd.Gate).trim().toLowerCase();
    if (g === 'warn')
        gate = 'warn';
    else if (g !== '' && g !== 'fail')
        errors.push((0,lib_problems/* inputProblem */.oi)(constants/* Input */.pd.Gate, g, 'one of fail, warn'));
    const failOnEmpty = inputs_boolean(get, constants/* Input */.pd.FailOnEmpty, true, errors);
    const summary = inputs_boolean(get, constants/* Input */.pd.Summary, true, errors);
    const du = inputs_boolean(get, constants/* Input */.pd.Du, true, errors);
    const actionsCacheUsage = inputs_boolean(get, constants/* Input */.pd.ActionsCacheUsage, true, errors);
    const runsPerMonth = number(get, constants/* Input */.pd.RunsPerMonth, { min: 0 }, errors);
    const minutePrice = number(get, constants/* Input */.pd.MinutePrice, { min: 0 }, errors);
    let saveBaseline = 'auto';
    const sb = get(constants/* Input */.pd.SaveBaseline).trim().toLowerCase();
    if (sb === 'always' || sb === 'never')
        saveBaseline = sb;
    else if (sb !== '' && sb !== 'auto')
        errors.push((0,lib_problems/* inputProblem */.oi)(constants/* Input */.pd.SaveBaseline, sb, 'one of auto, always, never'));
    let baselineSeed = 'store';
    const bs = get(constants/* Input */.pd.Baseline).trim().toLowerCase();
    if (bs === 'runs')
        baselineSeed = 'runs';
    else if (bs !== '' && bs !== 'store')
        errors.push((0,lib_problems/* inputProblem */.oi)(constants/* Input */.pd.Baseline, bs, 'one of store, runs'));
    const reportFile = get(constants/* Input */.pd.ReportFile).trim() || (0,external_node_path_.join)(env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), constants/* REPORT_FILE_NAME */._G);
    const matrix = (0,job/* parseMatrix */.z5)(get(constants/* Input */.pd.Matrix));
    if (matrix === 'invalid')
        errors.push((0,lib_problems/* inputProblem */.oi)(constants/* Input */.pd.Matrix, get(constants/* Input */.pd.Matrix).trim().slice(0, 100), 'a JSON object, as ${{ toJSON(matrix) }} gives'));
    const otlp = (0,settings/* otlpSettings */.dZ)(get, env, inputs_boolean(get, constants/* Input */.pd.OtlpTraces, false, errors), errors);
    return {
        inputs: {
            logFiles,
            buildRefs,
            builder,
            run,
            thresholds,
            gate,
            failOnEmpty,
            summary,
            reportFile,
            du,
            actionsCacheUsage,
            githubToken: get(constants/* Input */.pd.GitHubToken).trim(),
            baselineFile: get(constants/* Input */.pd.BaselineFile).trim(),
            saveBaseline,
            baselineName: get(constants/* Input */.pd.BaselineName).trim() || 'default',
            baselineSeed,
            runsPerMonth,
            minutePrice,
            timeout: timeoutSeconds(get, errors),
            dockerfile: get(constants/* Input */.pd.Dockerfile).trim(),
            context: get(constants/* Input */.pd.Context).trim() || '.',
            matrix: matrix === 'invalid' ? undefined : matrix,
            mergeReports: lines(get(constants/* Input */.pd.MergeReports)),
            gateEachLeg: inputs_boolean(get, constants/* Input */.pd.GateEachLeg, false, errors),
            otlp
        },
        errors
    };
}
/** One path or glob a line; blank lines and `#` comments left out. */
function lines(text) {
    return text
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
}
/** The `timeout` input, seconds (`30s` allowed); the pre step reads it too. At least 1: a budget of 0 would skip every wait. */
function timeoutSeconds(get, errors = []) {
    return number(get, constants/* Input */.pd.Timeout, { min: 1, unit: 's' }, errors) ?? lib_deadline/* DEFAULT_TIMEOUT_SECONDS */.KU;
}
/** A number input: empty is unset; `80%`, `300s` allowed where that is its unit. */
function number(get, name, range, errors) {
    let v = get(name).trim();
    if (v === '')
        return undefined;
    if (range.unit !== undefined && v.endsWith(range.unit))
        v = v.slice(0, -1).trim();
    const n = Number(v);
    if (v === '' || !Number.isFinite(n) || n < range.min || (range.max !== undefined && n > range.max)) {
        const between = range.max === undefined ? `a number of at least ${range.min}` : `a number between ${range.min} and ${range.max}`;
        errors.push((0,lib_problems/* inputProblem */.oi)(name, get(name).trim(), between));
        return undefined;
    }
    return n;
}
function inputs_boolean(get, name, fallback, errors) {
    const v = get(name).trim().toLowerCase();
    if (v === 'true')
        return true;
    if (v === 'false')
        return false;
    if (v !== '')
        errors.push((0,lib_problems/* inputProblem */.oi)(name, v, 'true or false'));
    return fallback;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./lib/json.js
var json = __nccwpck_require__(6413);
;// CONCATENATED MODULE: ./lib/docker/du.js

// go-units HumanSize: decimal units, `kB` lower-case
const UNITS = {
    B: 1,
    kB: 1e3,
    KB: 1e3,
    MB: 1e6,
    GB: 1e9,
    TB: 1e12,
    PB: 1e15,
    EB: 1e18,
    KiB: 1024,
    MiB: 1024 ** 2,
    GiB: 1024 ** 3,
    TiB: 1024 ** 4
};
/** `1.049MB` → 1049000; undefined when it is no size. */
function parseSize(text) {
    const m = /^(\d+(?:\.\d+)?)\s*([kKMGTPE]?i?B)$/.exec(text.trim().replace(/\*$/, ''));
    if (!m)
        return undefined;
    const unit = UNITS[m[2] ?? ''];
    return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}
function parseDiskUsage(text) {
    const first = text
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim() ?? '';
    if (first.startsWith('{'))
        return fromJson(text);
    if (/^ID\s+RECLAIMABLE\s+SIZE/.test(first))
        return fromTable(text);
    return fromVerbose(text);
}
function withTotals(format, records, footer) {
    const summed = sum(records);
    if (footer.total === undefined)
        return { format, records, totals: summed, totalsFrom: 'records' };
    const shared = footer.shared ?? 0;
    return {
        format,
        records,
        totals: { total: footer.total, reclaimable: footer.reclaimable ?? summed.reclaimable, shared, private: footer.private ?? footer.total - shared },
        totalsFrom: 'footer'
    };
}
/** As buildx's footer: shared is the size of shared records, private the rest. */
function sum(records) {
    let total = 0;
    let reclaimable = 0;
    let shared = 0;
    for (const r of records) {
        total += r.size;
        if (r.reclaimable)
            reclaimable += r.size;
        if (r.shared)
            shared += r.size;
    }
    return { total, reclaimable, shared, private: total - shared };
}
const FOOTER = { Shared: 'shared', Private: 'private', Reclaimable: 'reclaimable', Total: 'total' };
function footerLine(line, footer) {
    const m = /^(Shared|Private|Reclaimable|Total):\s+(\S+)$/.exec(line.trim());
    const key = m ? FOOTER[m[1] ?? ''] : undefined;
    const size = m ? parseSize(m[2] ?? '') : undefined;
    if (key === undefined || size === undefined)
        return false;
    footer[key] = size;
    return true;
}
function fromVerbose(text) {
    const records = [];
    const footer = {};
    for (const block of text.split(/\n\s*\n/)) {
        const fields = new Map();
        const parents = [];
        let last = '';
        for (const line of block.split('\n')) {
            const item = /^\s+-\s+(\S+)/.exec(line);
            if (item?.[1] !== undefined && last === 'Parents') {
                parents.push(item[1]);
                continue;
            }
            const kv = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line);
            if (!kv)
                continue;
            last = kv[1] ?? '';
            fields.set(last, (kv[2] ?? '').trim());
        }
        const id = fields.get('ID');
        if (id === undefined) {
            for (const line of block.split('\n'))
                footerLine(line, footer);
            continue;
        }
        const parent = fields.get('Parent');
        if (parent)
            parents.push(parent);
        const usage = Number(fields.get('Usage count'));
        records.push({
            id,
            type: fields.get('Type') ?? '',
            size: parseSize(fields.get('Size') ?? '') ?? 0,
            description: fields.get('Description') ?? '',
            reclaimable: fields.get('Reclaimable') === 'true',
            shared: fields.get('Shared') === 'true',
            mutable: fields.get('Mutable') === 'true',
            parents,
            usageCount: Number.isFinite(usage) ? usage : undefined,
            lastUsed: fields.get('Last used')
        });
    }
    return withTotals('verbose', records, footer);
}
function fromTable(text) {
    const records = [];
    const footer = {};
    for (const line of text.split('\n').slice(1)) {
        if (line.trim() === '' || footerLine(line, footer))
            continue;
        const m = /^(\S+?)(\*?)\s+(true|false)\s+(\S+?)(\*?)\s+(.*)$/.exec(line.trim());
        if (!m)
            continue;
        records.push({
            id: m[1] ?? '',
            type: '',
            size: parseSize(m[4] ?? '') ?? 0,
            description: '',
            reclaimable: m[3] === 'true',
            shared: m[5] === '*',
            mutable: m[2] === '*',
            parents: [],
            usageCount: undefined,
            lastUsed: m[6]?.trim()
        });
    }
    return withTotals('table', records, footer);
}
function fromJson(text) {
    const records = [];
    for (const line of text.split('\n')) {
        if (!line.trim().startsWith('{'))
            continue;
        const o = (0,json/* parseJson */.qF)(line);
        if (!(0,json/* isRecord */.u4)(o) || typeof o.ID !== 'string')
            continue;
        const r = o;
        records.push({
            id: o.ID,
            type: typeof r.Type === 'string' ? r.Type : '',
            size: typeof r.Size === 'string' ? (parseSize(r.Size) ?? 0) : typeof r.Size === 'number' ? r.Size : 0,
            description: typeof r.Description === 'string' ? r.Description : '',
            reclaimable: r.Reclaimable === true,
            shared: r.Shared === true,
            mutable: r.Mutable === true,
            parents: Array.isArray(r.Parents) ? r.Parents.filter((p) => typeof p === 'string') : [],
            usageCount: typeof r.UsageCount === 'number' ? r.UsageCount : undefined,
            lastUsed: typeof r.LastUsedAt === 'string' ? r.LastUsedAt : undefined
        });
    }
    return withTotals('json', records, {});
}
/** Bytes and records per record type (`regular`, `source.local`, `exec.cachemount`, `frontend`, `internal`, ...), largest first. */
function byType(records) {
    const m = new Map();
    for (const r of records) {
        const t = m.get(r.type || 'unknown') ?? { type: r.type || 'unknown', count: 0, size: 0 };
        t.count++;
        t.size += r.size;
        m.set(t.type, t);
    }
    return [...m.values()].sort((a, b) => b.size - a.size || a.type.localeCompare(b.type));
}

;// CONCATENATED MODULE: ./lib/docker/engine.js





// The docker driver's build cache is the Engine's: one API call over its socket answers what
// `docker buildx inspect` and `docker buildx du` (two CLI starts, ~0.3 s) answer, in ~10 ms.
/** The builder the docker driver names after the context: `default` where no context is set. */
const ENGINE_BUILDER = 'default';
const MAX_ANSWER = 256 * 1024 * 1024;
/**
 * The Engine's socket, when the build cache asked about is surely the Engine's own: no builder
 * named (`builder` input), no other docker context, no other current buildx builder (what
 * docker/setup-buildx-action makes current: a docker-container builder with its own cache),
 * DOCKER_HOST a unix socket or unset, and the socket there. Else undefined: the CLI is asked.
 */
function engineSocket(env, builder) {
    if (builder !== undefined && builder !== '' && builder !== ENGINE_BUILDER)
        return undefined;
    if (env.DOCKER_CONTEXT !== undefined && env.DOCKER_CONTEXT !== '' && env.DOCKER_CONTEXT !== 'default')
        return undefined;
    if (env.BUILDX_BUILDER !== undefined && env.BUILDX_BUILDER !== '' && env.BUILDX_BUILDER !== ENGINE_BUILDER)
        return undefined;
    const host = env.DOCKER_HOST ?? '';
    if (host !== '' && !host.startsWith('unix://'))
        return undefined;
    const config = env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker');
    if (currentBuilder(config) !== undefined)
        return undefined;
    // the CLI's default context may point elsewhere: only its own default is read as the Engine's
    if (contextOf(config) !== undefined)
        return undefined;
    const socket = host === '' ? '/var/run/docker.sock' : host.slice('unix://'.length);
    try {
        return (0,external_node_fs_.statSync)(socket).isSocket() ? socket : undefined;
    }
    catch {
        return undefined;
    }
}
/** `buildx use <name>` writes buildx/current; a name other than the default's is another builder. */
function currentBuilder(config) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(config, 'buildx', 'current'), 'utf8');
    }
    catch {
        return undefined;
    }
    const o = (0,json/* parseJson */.qF)(text);
    const name = (0,json/* isRecord */.u4)(o) && typeof o.Name === 'string' ? o.Name : '';
    return name === '' || name === ENGINE_BUILDER ? undefined : name;
}
/** `docker context use <name>` writes currentContext in config.json. */
function contextOf(config) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(config, 'config.json'), 'utf8');
    }
    catch {
        return undefined;
    }
    const o = (0,json/* parseJson */.qF)(text);
    const name = (0,json/* isRecord */.u4)(o) && typeof o.currentContext === 'string' ? o.currentContext : '';
    return name === '' || name === 'default' ? undefined : name;
}
let http;
/**
 * node:http, loaded once: when asked (most runs read logs and never talk to the Engine), or ahead,
 * while a build runs, so that its 30 ms are not spent after the build (see Buildx.prepareDu).
 */
function loadHttp() {
    http ??= Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 7067, 19));
    return http;
}
/** `GET /system/df?type=build-cache` over the socket, bounded by signal. */
async function engineDiskUsage(socket, signal) {
    const { request } = await loadHttp();
    return new Promise((resolve) => {
        const req = request({ socketPath: socket, path: '/system/df?type=build-cache', method: 'GET', signal, headers: { Host: 'docker' } }, (res) => {
            const chunks = [];
            let size = 0;
            res.on('data', (c) => {
                size += c.length;
                if (size > MAX_ANSWER) {
                    req.destroy(new Error(`the Engine's answer passed ${String(MAX_ANSWER)} bytes`));
                    return;
                }
                chunks.push(c);
            });
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                if (res.statusCode !== 200) {
                    resolve({ ok: false, message: `the Docker Engine answered ${String(res.statusCode)} to GET /system/df: ${text.trim().slice(0, 200)}` });
                    return;
                }
                const usage = parseEngineBuildCache(text);
                resolve(usage === undefined ? { ok: false, message: 'the Docker Engine answered GET /system/df with no BuildCache list' } : { ok: true, value: usage });
            });
            res.on('error', (e) => {
                resolve({ ok: false, message: `the Docker Engine's answer broke off: ${e.message}` });
            });
        });
        req.on('error', (e) => {
            resolve({ ok: false, message: signal.aborted ? 'the Docker Engine did not answer in time' : `the Docker Engine could not be asked: ${e.message}` });
        });
        req.end();
    });
}
/** The Engine's BuildCache list as `buildx du` reads it: reclaimable is what no build uses now. */
function parseEngineBuildCache(text) {
    const o = (0,json/* parseJson */.qF)(text);
    if (!(0,json/* isRecord */.u4)(o))
        return undefined;
    const list = o.BuildCache === null ? [] : o.BuildCache;
    if (!Array.isArray(list))
        return undefined;
    const records = [];
    for (const r of list) {
        if (!(0,json/* isRecord */.u4)(r) || typeof r.ID !== 'string')
            continue;
        // Engine 28 names the field " Parents" (a stray space in its JSON tag); older ones Parent
        const listed = r.Parents ?? r[' Parents'];
        const parents = Array.isArray(listed) ? listed : typeof r.Parent === 'string' && r.Parent !== '' ? [r.Parent] : [];
        records.push({
            id: r.ID,
            type: typeof r.Type === 'string' ? r.Type : '',
            size: typeof r.Size === 'number' && Number.isFinite(r.Size) && r.Size >= 0 ? r.Size : 0,
            description: typeof r.Description === 'string' ? r.Description : '',
            reclaimable: r.InUse !== true,
            shared: r.Shared === true,
            mutable: false,
            parents: parents.filter((p) => typeof p === 'string'),
            usageCount: typeof r.UsageCount === 'number' ? r.UsageCount : undefined,
            lastUsed: typeof r.LastUsedAt === 'string' ? r.LastUsedAt : undefined
        });
    }
    return { format: 'engine', records, totals: sum(records), totalsFrom: 'records' };
}

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __nccwpck_require__(6193);
// EXTERNAL MODULE: ./lib/docker/history.js
var docker_history = __nccwpck_require__(8624);
// EXTERNAL MODULE: ./lib/progress/detect.js + 8 modules
var detect = __nccwpck_require__(1681);
;// CONCATENATED MODULE: ./lib/docker/buildx.js






/** `history inspect/ls --format json` came with buildx 0.21 (logs with 0.20). */
const HISTORY_MIN = [0, 21, 0];
/**
 * The `docker buildx` commands the action runs; their output is read by the pure parsers. Every
 * call is bounded by the deadline (one made when none is given): a docker that does not answer is
 * killed and the call fails with "… did not answer within Ns".
 */
class Buildx {
    exec;
    builder;
    deadline;
    engine;
    constructor(exec, builder, deadline = new lib_deadline/* Deadline */.B2(lib_deadline/* DEFAULT_TIMEOUT_SECONDS */.KU), 
    /** The Engine's socket, when the builder is surely the docker driver's (engineSocket()). */
    engine) {
        this.exec = exec;
        this.builder = builder;
        this.deadline = deadline;
        this.engine = engine;
    }
    get builderName() {
        return this.builder ?? '(current)';
    }
    args(builder, ...rest) {
        const b = builder ?? this.builder;
        return ['buildx', ...(b === undefined || b === '' ? [] : ['--builder', b]), ...rest];
    }
    run(args, options = {}) {
        return this.exec('docker', args, { ...options, signal: this.deadline.signal });
    }
    /** `docker buildx du failed: <first line of stderr>`, or that it did not answer in time. */
    failed(r, what, head = r.stderr) {
        return r.timedOut === true ? this.deadline.message(`docker ${what}`) : `docker ${what} failed: ${firstLine(head) || `exit code ${r.exitCode}`}`;
    }
    /** Says what is missing when build records cannot be read here. */
    /** Asked once per Buildx: finding this job's records and reading them both need the answer. */
    checkHistory() {
        this.history ??= this.askHistory();
        return this.history;
    }
    history;
    async askHistory() {
        const r = await this.run(['buildx', 'version']);
        if (r.timedOut === true)
            return { ok: false, message: this.deadline.message('docker buildx version') };
        if (r.exitCode !== 0) {
            return { ok: false, message: `docker buildx is not available (${firstLine(r.stderr) || `exit code ${r.exitCode}`})` };
        }
        const v = (0,docker_history/* parseBuildxVersion */.Ou)(r.stdout);
        if (!v)
            return { ok: false, message: `could not read the buildx version from "${firstLine(r.stdout)}"` };
        if (!(0,docker_history/* versionAtLeast */.zy)(v, HISTORY_MIN)) {
            return { ok: false, message: `buildx ${v.join('.')} has no \`docker buildx history\` with JSON output (needs ${HISTORY_MIN.join('.')} or later)` };
        }
        return { ok: true, value: v };
    }
    async historyLs() {
        const r = await this.run(this.args(undefined, 'history', 'ls', '--format', 'json'));
        if (r.exitCode !== 0)
            return { ok: false, message: this.failed(r, 'buildx history ls') };
        return { ok: true, value: (0,docker_history/* parseHistoryLs */.Xh)(r.stdout) };
    }
    async inspect(ref) {
        const { builder, id } = (0,docker_history/* splitRef */.Mn)(ref);
        const r = await this.run(this.args(builder, 'history', 'inspect', id, '--format', 'json'));
        if (r.exitCode !== 0)
            return { ok: false, message: this.failed(r, `buildx history inspect ${id}`) };
        const details = (0,docker_history/* parseInspect */.E7)(r.stdout);
        return details ? { ok: true, value: details } : { ok: false, message: `docker buildx history inspect ${id} printed no record` };
    }
    /** The builder's name as `docker buildx inspect` prints it (the current one unless chosen). */
    async name() {
        if (this.engine !== undefined)
            return { ok: true, value: ENGINE_BUILDER };
        const r = await this.run(this.args(undefined, 'inspect'));
        const name = /^Name:\s+(\S+)/m.exec(r.stdout)?.[1];
        if (r.exitCode !== 0 || name === undefined)
            return { ok: false, message: this.failed(r, 'buildx inspect') };
        return { ok: true, value: name };
    }
    /** What du will need, loaded now (a build is running and the action waits on it): the Engine's HTTP client. */
    prepareDu() {
        // a failure is du's to report, when it is asked
        if (this.engine !== undefined)
            loadHttp().catch(() => undefined);
    }
    /** `docker buildx du --verbose`: records with their types, and the footer, on every buildx version. */
    async du() {
        if (this.engine !== undefined) {
            const answer = await engineDiskUsage(this.engine, this.deadline.signal);
            // an Engine that does not answer as expected is asked again through the CLI, within the same budget
            if (answer.ok || this.deadline.expired())
                return answer;
        }
        const r = await this.run(this.args(undefined, 'du', '--verbose'));
        if (r.exitCode !== 0)
            return { ok: false, message: this.failed(r, 'buildx du') };
        return { ok: true, value: parseDiskUsage(r.stdout) };
    }
    /** Replays a record's progress as rawjson (on stderr) straight into the parser, never held whole; bounded by the deadline too. */
    async logs(ref, label) {
        const { builder, id } = (0,docker_history/* splitRef */.Mn)(ref);
        const reader = new detect/* ProgressReader */.V(label);
        const decoder = new external_node_string_decoder_.StringDecoder('utf8');
        let head = '';
        const r = await this.run(this.args(builder, 'history', 'logs', id, '--progress', 'rawjson'), {
            onStderr: (chunk) => {
                if (head.length < 200)
                    head += decoder.write(chunk.subarray(0, 200));
                reader.write(chunk);
            }
        });
        if (r.exitCode !== 0)
            return { ok: false, message: this.failed(r, `buildx history logs ${id}`, head) };
        return { ok: true, value: reader.end().builds };
    }
}
function firstLine(s) {
    return s.trim().split('\n')[0]?.trim() ?? '';
}

// EXTERNAL MODULE: ./lib/github/client.js
var client = __nccwpck_require__(636);
// EXTERNAL MODULE: ./lib/fs-async.js
var fs_async = __nccwpck_require__(8073);
// EXTERNAL MODULE: ./lib/baseline/entry.js
var entry = __nccwpck_require__(3931);
// EXTERNAL MODULE: ./lib/regular-file.js
var regular_file = __nccwpck_require__(2454);
;// CONCATENATED MODULE: ./lib/baseline/file-store.js





/**
 * A baseline in a file, for self-hosted runners and laptops: a report JSON (the `report`
 * output, `build-insights --json`) or a history this store wrote. A missing file is no baseline.
 */
function fileStore(path, cwd = process.cwd()) {
    const file = (0,external_node_path_.resolve)(cwd, path);
    return {
        async load() {
            // a FIFO would block the step for good: refused before it is opened
            const read = await (0,regular_file/* readRegularFile */.XF)(file);
            if (!read.ok)
                return read.missing
                    ? { entries: [], problem: (0,lib_problems/* notice */.lm)('baseline-missing', `no baseline yet: ${path} does not exist`) }
                    : { entries: [], problem: (0,lib_problems/* warning */.$e)('baseline-unreadable', `baseline ${path} could not be read: ${read.message}`) };
            let json;
            try {
                json = JSON.parse(read.text);
            }
            catch {
                return { entries: [], problem: (0,lib_problems/* warning */.$e)('baseline-unreadable', `baseline ${path} is not JSON`) };
            }
            const baseline = (0,entry/* readBaseline */.mF)(json);
            return baseline.warning === undefined
                ? { entries: baseline.entries, key: path }
                : { entries: baseline.entries, key: path, problem: (0,lib_problems/* warning */.$e)('baseline-invalid', `baseline ${path}: ${baseline.warning}`) };
        },
        async save(history) {
            try {
                await (0,fs_async/* mkdirs */.Nc)((0,external_node_path_.dirname)(file));
            }
            catch (e) {
                return { saved: false, problem: (0,lib_problems/* notice */.lm)('baseline-not-saved', `baseline not saved to ${path}: ${(0,lib_problems/* errorText */.kc)(e)}`) };
            }
            const written = await (0,regular_file/* writeRegularFile */.E2)(file, `${JSON.stringify(history, null, 2)}\n`);
            return written.ok
                ? { saved: true, key: path }
                : { saved: false, problem: (0,lib_problems/* notice */.lm)('baseline-not-saved', `baseline not saved to ${path}: ${written.message}`) };
        }
    };
}

// EXTERNAL MODULE: ./lib/stdout.js
var stdout = __nccwpck_require__(7080);
;// CONCATENATED MODULE: ./lib/baseline/baseline.js


/**
 * Loads the Actions cache's client when chooseStore will want it, without using it: its module
 * takes tens of ms to evaluate, which run mode spends while the build runs. Using it is left for
 * after the build: it writes workflow commands (masks, debug lines, warnings) to the job log, and
 * the runner ignores those while run mode's group keeps the build's output from being read as any.
 */
function preloadStore(options, env) {
    if (options.baselineFile !== '' || env.GITHUB_RUN_ID === undefined)
        return;
    Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(955), __nccwpck_require__.e(377), __nccwpck_require__.e(312), __nccwpck_require__.e(775)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3775)).catch(() => undefined);
}
/**
 * The file when one is named; else the Actions cache on GitHub (loaded only then: @actions/cache
 * is large, and a local run has no cache service); else none.
 */
async function chooseStore(options, env) {
    if (options.baselineFile !== '')
        return { store: fileStore(options.baselineFile, options.cwd), where: options.baselineFile };
    if (env.GITHUB_RUN_ID === undefined)
        return { where: 'not on GitHub Actions, and no baseline-file' };
    const { actionsCacheStore, baselineDir } = await Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(955), __nccwpck_require__.e(377), __nccwpck_require__.e(312), __nccwpck_require__.e(775)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3775));
    (0,stdout/* shareStdout */.Tg)();
    const parts = {
        workflow: env.GITHUB_WORKFLOW ?? 'workflow',
        job: env.GITHUB_JOB ?? 'job',
        name: options.name,
        runId: env.GITHUB_RUN_ID,
        attempt: env.GITHUB_RUN_ATTEMPT ?? '1'
    };
    return { store: actionsCacheStore(parts, baselineDir(options.runnerTemp), undefined, options.deadline), where: 'the Actions cache' };
}
/** `auto` saves on pushes to the default branch only, so that a pull request never becomes the baseline. */
function shouldSave(policy, env, eventRepository) {
    if (policy === 'always')
        return { save: true, why: 'save-baseline: always' };
    if (policy === 'never')
        return { save: false, why: 'save-baseline: never' };
    const branch = defaultBranch(eventRepository);
    if (env.GITHUB_EVENT_NAME !== 'push')
        return { save: false, why: `a ${env.GITHUB_EVENT_NAME ?? 'local'} run, not a push` };
    if (branch === undefined)
        return { save: false, why: 'the default branch is unknown (no repository in the event payload)' };
    return env.GITHUB_REF === `refs/heads/${branch}`
        ? { save: true, why: `a push to the default branch ${branch}` }
        : { save: false, why: `a push to ${env.GITHUB_REF ?? '?'}, not to the default branch ${branch}` };
}
/** `repository.default_branch` of the event payload. */
function defaultBranch(eventRepository) {
    const branch = eventRepository?.default_branch;
    return typeof branch === 'string' && branch !== '' ? branch : undefined;
}

;// CONCATENATED MODULE: ./lib/baseline/window.js





/** Started before the builds and awaited after: it settles, never rejects, so nothing is unhandled meanwhile. */
async function loadWindow(options, env) {
    try {
        const chosen = await chooseStore(options, env);
        return { store: chosen.store, where: chosen.where, loaded: chosen.store ? await chosen.store.load() : undefined };
    }
    catch (e) {
        return {
            store: undefined,
            where: 'the baseline store failed',
            loaded: { entries: [], problem: (0,lib_problems/* warning */.$e)('baseline-unreadable', `the baseline could not be read: ${(0,lib_problems/* errorText */.kc)(e)}`) }
        };
    }
}
/** The entries to compare with, once the load is told in the log; undefined when there are none. */
function tellWindow(window, io) {
    const loaded = window.loaded;
    if (loaded?.problem !== undefined)
        (0,action_io/* tell */.qz)(io, [loaded.problem]);
    const entries = loaded && loaded.entries.length > 0 ? loaded.entries : undefined;
    io.info(entries ? `baseline: ${entries.length} run(s) from ${window.where}` : `baseline: none (${window.where})`);
    return entries;
}
/** This run joins the window, when the policy says so: a failed save is a notice, never a failure. */
async function saveToWindow(store, window, report, policy, io) {
    const decision = shouldSave(policy, io.env, io.eventRepository);
    if (!decision.save) {
        io.info(`baseline not saved: ${decision.why}`);
        return;
    }
    if (report.totals.steps === 0) {
        io.info('baseline not saved: this run has no step');
        return;
    }
    const meta = { runId: io.env.GITHUB_RUN_ID, runAttempt: io.env.GITHUB_RUN_ATTEMPT, sha: io.env.GITHUB_SHA, ref: io.env.GITHUB_REF };
    const saved = await store.save((0,entry/* appendEntry */.D4)(window, (0,entry/* toEntry */.q0)(report, meta)));
    if (saved.saved)
        io.info(`baseline saved (${decision.why}) as ${saved.key}`);
    else
        (0,action_io/* tell */.qz)(io, [saved.problem]);
}
/**
 * `baseline: runs` with an empty store: the window seeded from the job logs of this workflow's and
 * job's recent runs on the default branch (loaded only then). Undefined when none could be read.
 */
async function seedWindow(token, clients, runnerTemp, io) {
    const github = clients.github;
    if (github === undefined || token === '') {
        io.notice('baseline: runs needs the REST API (github-token, and a repository): no baseline read from past runs');
        return undefined;
    }
    try {
        const { seedFromRuns } = await __nccwpck_require__.e(/* import() */ 249).then(__nccwpck_require__.bind(__nccwpck_require__, 4630));
        const seeded = await seedFromRuns({
            token,
            owner: github.owner,
            repo: github.repo,
            request: github.request,
            env: io.env,
            defaultBranch: defaultBranch(io.eventRepository),
            deadline: clients.deadline,
            runnerTemp
        });
        (0,action_io/* tell */.qz)(io, seeded.problems);
        return seeded.entries.length > 0 ? seeded.entries : undefined;
    }
    catch (e) {
        io.warning(`baseline: runs: past runs could not be read: ${(0,lib_problems/* errorText */.kc)(e)}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./lib/build-cache.js


const LARGEST = 10;
async function snapshot(buildx, now) {
    // two docker CLI starts of ~0.2 s each: side by side, not one after the other
    const [name, du] = await Promise.all([buildx.name(), buildx.du()]);
    if (!name.ok)
        return { error: name.message };
    if (!du.ok)
        return { error: du.message };
    const records = du.value.records;
    const cacheMounts = records.filter((r) => r.type === 'exec.cachemount').reduce((t, r) => t + r.size, 0);
    const largest = [...records]
        .sort((a, b) => b.size - a.size)
        .slice(0, LARGEST)
        .map(({ id, type, size, description, shared, reclaimable }) => ({ id, type, size, description, shared, reclaimable }));
    return {
        snapshot: { builder: name.value, at: now.toISOString(), totals: du.value.totals, cacheMounts, records: records.length },
        storage: { builder: name.value, totals: du.value.totals, byType: byType(records), cacheMounts, largest, records: records.length }
    };
}
function withGrowth(after, before) {
    if (before === undefined || before.builder !== after.builder)
        return after;
    return { ...after, before, growth: after.totals.total - before.totals.total, cacheMountGrowth: after.cacheMounts - before.cacheMounts };
}
/** A snapshot kept in GITHUB_STATE by pre: checked field by field, as any outside JSON. */
function parseSnapshot(text) {
    if (text === '')
        return undefined;
    const o = (0,json/* parseJson */.qF)(text);
    if (!(0,json/* isRecord */.u4)(o) || !(0,json/* isRecord */.u4)(o.totals) || typeof o.builder !== 'string' || typeof o.at !== 'string')
        return undefined;
    const t = o.totals;
    const total = (0,json/* finite */.E2)(t.total);
    if (total === undefined)
        return undefined;
    return {
        builder: o.builder,
        at: o.at,
        totals: { total, reclaimable: (0,json/* finite */.E2)(t.reclaimable) ?? 0, shared: (0,json/* finite */.E2)(t.shared) ?? 0, private: (0,json/* finite */.E2)(t.private) ?? 0 },
        cacheMounts: (0,json/* finite */.E2)(o.cacheMounts) ?? 0,
        records: (0,json/* finite */.E2)(o.records) ?? 0
    };
}

// EXTERNAL MODULE: ./lib/github/request.js
var github_request = __nccwpck_require__(1810);
// EXTERNAL MODULE: ./lib/format.js
var format = __nccwpck_require__(2016);
;// CONCATENATED MODULE: ./lib/github/actions-cache-usage.js




// GitHub documents the default as "10 GB" per repository (github/docs, content/actions/reference/
// workflows-and-actions/dependency-caching.md) without saying which GB; GitHub's own @actions/cache
// counts it as 10 * 1024^3 ("10GiB per repository", CacheFileSizeLimit), so GB is 1024^3 here,
// also for the API's max_cache_size_gb.
const GB = 1024 ** 3;
const DEFAULT_LIMIT_BYTES = 10 * GB;
const WARN_PERCENT = 80;
const PER_PAGE = 100;
const MAX_PAGES = 10;
// moby/buildkit cache/remotecache/gha/gha.go: layers are `buildkit-blob-1-<digest>` (a signed index
// adds `buildkit-blob-1-<digest>-sig`), each scope's index is `index-<scope>-1-<8 hex of
// sha256(GitHub cache scope)>`, `-sig` appended when signing is on. `index-` is a common prefix,
// so its hits count only when they have that shape.
const BUILDKIT_KEYS = [
    { prefix: 'buildkit-blob-1-', shape: /^buildkit-blob-1-/ },
    { prefix: 'index-', shape: /^index-.+-1-[0-9a-f]{8}(-sig)?$/ }
];
const USAGE = 'GET /repos/{owner}/{repo}/actions/cache/usage';
// Configurable cache limits (2025). Reading it takes admin access (classic scope `admin:repository`),
// which a job's GITHUB_TOKEN does not have: its 403/404 means "use the documented default".
const LIMIT = 'GET /repos/{owner}/{repo}/actions/cache/storage-limit';
const LIST = 'GET /repos/{owner}/{repo}/actions/caches';
const isCount = (x) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
function parseUsage(x) {
    if (!(0,json/* isRecord */.u4)(x) || typeof x.full_name !== 'string' || !isCount(x.active_caches_size_in_bytes) || !isCount(x.active_caches_count))
        return undefined;
    return { repository: x.full_name, usageBytes: x.active_caches_size_in_bytes, activeCount: x.active_caches_count };
}
/** `actions-cache-list`: entries without a string key and a size are skipped and counted. */
function parseCacheList(x) {
    if (!(0,json/* isRecord */.u4)(x) || !isCount(x.total_count) || !Array.isArray(x.actions_caches))
        return undefined;
    const entries = [];
    let skipped = 0;
    const items = x.actions_caches;
    for (const e of items) {
        if (!(0,json/* isRecord */.u4)(e) || typeof e.key !== 'string' || !isCount(e.size_in_bytes)) {
            skipped++;
            continue;
        }
        const at = typeof e.last_accessed_at === 'string' && !Number.isNaN(Date.parse(e.last_accessed_at)) ? e.last_accessed_at : undefined;
        entries.push({ key: e.key, sizeInBytes: e.size_in_bytes, lastAccessedAt: at });
    }
    return { totalCount: x.total_count, entries, skipped };
}
function add(b, e) {
    b.count++;
    b.bytes += e.sizeInBytes;
    const t = e.lastAccessedAt;
    if (t === undefined)
        return;
    if (b.oldestLastAccessedAt === undefined || Date.parse(t) < Date.parse(b.oldestLastAccessedAt))
        b.oldestLastAccessedAt = t;
    if (b.newestLastAccessedAt === undefined || Date.parse(t) > Date.parse(b.newestLastAccessedAt))
        b.newestLastAccessedAt = t;
}
async function readLimit(request, repo) {
    const a = await (0,github_request/* call */.T1)(request, LIMIT, repo);
    const gb = (0,github_request.ok)(a) && (0,json/* isRecord */.u4)(a.data) ? a.data.max_cache_size_gb : undefined;
    return typeof gb === 'number' && Number.isFinite(gb) && gb > 0 ? { bytes: gb * GB, fromApi: true } : { bytes: DEFAULT_LIMIT_BYTES, fromApi: false };
}
/** One prefix's entries, page by page (each page says whether there is another). */
async function readPrefix(request, repo, { prefix, shape }, b) {
    const problems = [];
    for (let page = 1;; page++) {
        const a = await (0,github_request/* call */.T1)(request, LIST, { ...repo, key: prefix, per_page: PER_PAGE, page });
        const list = (0,github_request.ok)(a) ? parseCacheList(a.data) : undefined;
        if (list === undefined) {
            problems.push((0,lib_problems/* notice */.lm)((0,github_request/* answerCode */.Sv)(a), `BuildKit cache entries (keys ${prefix}…) not listed: ${(0,github_request/* why */.d8)(a)}; the BuildKit share may be low.`));
            return problems;
        }
        if (list.skipped > 0)
            problems.push((0,lib_problems/* notice */.lm)('api-unexpected', `BuildKit cache entries (keys ${prefix}…): ${list.skipped} without a key or size skipped.`));
        for (const e of list.entries)
            if (shape.test(e.key))
                add(b, e);
        if (list.entries.length + list.skipped < PER_PAGE || page * PER_PAGE >= list.totalCount)
            return problems;
        if (page === MAX_PAGES) {
            problems.push((0,lib_problems/* notice */.lm)('count-capped', `BuildKit cache entries (keys ${prefix}…): only the first ${MAX_PAGES * PER_PAGE} of ${list.totalCount} counted.`));
            return problems;
        }
    }
}
/** Every prefix listed at once; their problems in the prefixes' order. */
async function readBuildkit(request, repo, problems) {
    const b = { count: 0, bytes: 0, oldestLastAccessedAt: undefined, newestLastAccessedAt: undefined };
    for (const told of await Promise.all(BUILDKIT_KEYS.map((k) => readPrefix(request, repo, k, b))))
        problems.push(...told);
    return b;
}
async function readActionsCache(request, owner, repo) {
    const problems = [];
    const where = { owner, repo };
    const a = await (0,github_request/* call */.T1)(request, USAGE, where);
    const read = (0,github_request.ok)(a) ? parseUsage(a.data) : undefined;
    if (read === undefined) {
        // One notice; the likeliest cause of a refusal is the job's token, so say what it needs.
        // no answer in time is not the token's fault
        const hint = (a.status === 0 && a.timedOut !== true) || (0,github_request/* refused */.J5)(a) ? github_request/* TOKEN_HINT */.WJ : '';
        problems.push((0,lib_problems/* notice */.lm)((0,github_request/* answerCode */.Sv)(a), `Actions cache usage of ${owner}/${repo} unknown: ${(0,github_request/* why */.d8)(a)}.${hint}`));
        return { usage: undefined, problems };
    }
    // after the step's build each round trip is waited for: the limit and the listings go at once
    const [limit, buildkit] = await Promise.all([readLimit(request, where), readBuildkit(request, where, problems)]);
    const percentOfLimit = (read.usageBytes / limit.bytes) * 100;
    if (percentOfLimit > WARN_PERCENT) {
        const of = limit.fromApi ? 'its configured limit' : 'the default limit';
        problems.push((0,lib_problems/* warning */.$e)('actions-cache-near-limit', `Actions cache of ${read.repository} is at ${percentOfLimit.toFixed(1)}%: ${(0,format/* gib */.$l)(read.usageBytes)} of ${of} ${(0,format/* gib */.$l)(limit.bytes)}; past the limit GitHub evicts the least recently used entries.`));
    }
    return { usage: { ...read, limitBytes: limit.bytes, limitFromApi: limit.fromApi, buildkit, percentOfLimit }, problems };
}

// EXTERNAL MODULE: ./lib/billing/job-billing.js
var job_billing = __nccwpck_require__(8530);
;// CONCATENATED MODULE: ./lib/measure.js







// What is measured around the builds rather than read from them: Docker's build cache, the
// repository's GitHub Actions cache, and what the job's minutes cost.
/** The build cache before the builds: as pre found it, or measured now when run mode is about to build. */
async function buildCacheBefore(inputs, clients, io) {
    const before = parseSnapshot(io.getState(constants/* State */.Uw.CacheBefore));
    if (inputs.du && before === undefined && inputs.run !== '')
        return (await snapshot(clients.buildx, io.now())).snapshot;
    return before;
}
/**
 * What the REST API is asked around the builds: the job and its runs (what its minutes cost)
 * never depend on this step's builds, nor does the Actions cache's usage unless this step's own
 * build may still export to it. Those are asked as soon as the builds are under way (`start`), so
 * that their round trips pass while the builds are read or run, not after; the rest after them.
 * Their problems are told after the builds, in the same order either way.
 */
class RestAround {
    inputs;
    clients;
    io;
    billing;
    actionsCache;
    constructor(inputs, clients, io) {
        this.inputs = inputs;
        this.clients = clients;
        this.io = io;
    }
    /** The builds are under way; `changesActionsCache`: they may still export to the Actions cache (`type=gha`, or a bake's own file), so its usage waits for them. */
    start(changesActionsCache) {
        void this.billingAnswer();
        if (!changesActionsCache)
            void this.actionsCacheAnswer();
    }
    billingAnswer() {
        if (this.billing === undefined) {
            const github = this.clients.github;
            this.billing = (0,job_billing/* gatherBilling */.j)({
                env: this.io.env,
                minutePrice: this.inputs.minutePrice,
                runsPerMonth: this.inputs.runsPerMonth,
                preJobStart: this.io.getState(constants/* State */.Uw.JobStartedAt),
                request: github?.request,
                repo: github,
                now: this.io.now(),
                cores: this.io.cpus,
                publicRepository: this.io.eventRepository?.private === false
            });
            // a failure is told where it is awaited, not as an unhandled rejection in between
            this.billing.catch(() => undefined);
        }
        return this.billing;
    }
    /** Undefined when the inputs ask for none (`actions-cache-usage: false`). */
    actionsCacheAnswer() {
        if (this.actionsCache === undefined) {
            this.actionsCache = this.inputs.actionsCacheUsage ? readActionsCacheFor(this.inputs, this.clients, this.io.env) : Promise.resolve(undefined);
            this.actionsCache.catch(() => undefined);
        }
        return this.actionsCache;
    }
}
/** docker's answers and the REST API's, side by side: each waits on another process. */
async function measureAround(inputs, clients, before, io, rest) {
    const problems = [];
    const [cache, actionsCache, billing] = await Promise.all([
        inputs.du ? measureBuildCache(clients, before, io, problems) : undefined,
        rest.actionsCacheAnswer(),
        rest.billingAnswer()
    ]);
    // notices first, then the warning of a nearly full cache: pushed in that order
    if (actionsCache)
        (0,action_io/* tell */.qz)(io, actionsCache.problems);
    (0,action_io/* tell */.qz)(io, billing.problems);
    return { cache, actionsCache: actionsCache?.usage, billing: billing.inputs, problems };
}
async function measureBuildCache(clients, before, io, problems) {
    const after = await snapshot(clients.buildx, io.now());
    if (!after.storage) {
        problems.push((0,lib_problems/* problem */.CC)('docker-unavailable', `the build cache was not measured: ${after.error ?? 'unknown error'} (set ${constants/* Input */.pd.Du}: false where there is no docker)`));
        return undefined;
    }
    return withGrowth(after.storage, before);
}
/** The repository's Actions cache, when there is a repository and a token: never more than a notice otherwise. */
async function readActionsCacheFor(inputs, clients, env) {
    const github = clients.github;
    if (github === undefined) {
        const problems = inputs.githubToken === '' && (0,client/* repository */.Jk)(env) !== undefined ? [(0,lib_problems/* notice */.lm)('token-missing', `Actions cache usage not read: no ${constants/* Input */.pd.GitHubToken}`)] : [];
        return { usage: undefined, problems };
    }
    return readActionsCache(github.request, github.owner, github.repo);
}

// EXTERNAL MODULE: ./lib/pipeline.js + 13 modules
var pipeline = __nccwpck_require__(3734);
// EXTERNAL MODULE: ./lib/arrays.js
var arrays = __nccwpck_require__(8901);
// EXTERNAL MODULE: ./lib/analysis/fold.js
var analysis_fold = __nccwpck_require__(8243);
// EXTERNAL MODULE: ./lib/redact.js
var redact = __nccwpck_require__(5078);
;// CONCATENATED MODULE: ./lib/sources/run-mode.js


/** The `run` input: the build is run here, its progress printed as it goes and read on the way. */
const runModeSource = {
    name: 'run',
    wanted: (inputs) => inputs.run !== '',
    async read({ inputs, io, clients, runnerTemp, meanwhile }) {
        // loaded when the action runs the build itself, not on the start-up of a run that reads logs
        const [{ commandBuildArgs, commandCacheOptions, mayExportToActionsCache, prepareRunCommand }, { runBuild }] = await Promise.all([
            __nccwpck_require__.e(/* import() */ 630).then(__nccwpck_require__.bind(__nccwpck_require__, 2249)),
            __nccwpck_require__.e(/* import() */ 287).then(__nccwpck_require__.bind(__nccwpck_require__, 4287))
        ]);
        const stamp = io.now().getTime();
        const prepared = prepareRunCommand(inputs.run, io.env, (0,external_node_path_.join)(runnerTemp, `build-insights-metadata-${stamp}.json`));
        if ('error' in prepared) {
            // an input error of `run`: the policy fails the step with it, as a build that could not start
            const { input, value, expected, message } = prepared.refusal;
            return { builds: [], problems: [{ code: 'input-invalid', severity: 'warning', message, input, value: (0,redact/* redact */.E$)(value).text, expected }], sources: [] };
        }
        const command = prepared.command;
        // masked in the job log before the build prints them (BuildKit puts build-arg values in step names)
        const secrets = (0,redact/* secretValues */.VX)(commandBuildArgs(command, io.env));
        for (const s of secrets)
            io.setSecret(s);
        const title = (0,redact/* redact */.E$)(`docker ${command.args.join(' ')}`, secrets).text;
        const cacheOptions = commandCacheOptions(command);
        // the user's build takes as long as it takes: the budget is ours, not theirs
        const outcome = await clients.deadline.outside(() => io.group(title, (line) => runBuild(command, (0,external_node_path_.join)(runnerTemp, `build-insights-run-${stamp}.log`), {
            exec: clients.exec,
            writeLine: line,
            now: () => io.now().getTime(),
            // the build cache is measured after the build: what that needs is loaded while it runs, and
            // the REST API's questions that the build does not change are asked meanwhile (their
            // first makes the REST client)
            whileRunning: () => {
                if (inputs.du)
                    clients.buildx.prepareDu();
                meanwhile?.(mayExportToActionsCache(command, cacheOptions));
            }
        })));
        io.info(`the build took ${outcome.seconds.toFixed(1)}s and exited ${outcome.exitCode}; its progress log: ${outcome.logFile}`);
        return { builds: outcome.builds, problems: outcome.problems, sources: [outcome.logFile], run: outcome, secrets, cacheOptions };
    }
};

// EXTERNAL MODULE: ./lib/sources/log-files.js
var log_files = __nccwpck_require__(1458);
;// CONCATENATED MODULE: ./lib/sources/build-records.js








const HOW_TO_PASS_LOGS = 'or pass logs in log-files (docker buildx build --progress=rawjson ... 2>&1 | tee build.log)';
/** The `build-refs` input: records named by ref, by build-push-action's metadata, or by metadata files. */
const buildRecordsSource = {
    name: 'build-refs',
    wanted: (inputs) => inputs.buildRefs !== '',
    async read(ctx) {
        const named = await resolveBuildRefs(ctx.inputs.buildRefs, ctx.io.cwd);
        const read = await readRefs(ctx, named.refs);
        return { ...read, problems: [...named.problems, ...read.problems] };
    }
};
/** With no input naming builds: the builder's records since the job started (recorded by `pre`). */
const thisJobSource = {
    name: 'this job',
    wanted: () => false,
    async read(ctx) {
        const found = await thisJobsRecords(ctx);
        const read = await readRefs(ctx, found.refs);
        return { ...read, problems: [...found.problems, ...read.problems] };
    }
};
async function readRefs({ clients: { buildx } }, refs) {
    if (refs.length === 0)
        return { builds: [], problems: [], sources: [] };
    const check = await buildx.checkHistory();
    if (!check.ok)
        return { builds: [], problems: [(0,lib_problems/* problem */.CC)('docker-unavailable', `build records cannot be read: ${check.message}; ${HOW_TO_PASS_LOGS}`)], sources: [] };
    const read = await readBuildRecords(buildx, refs);
    return { builds: read.builds, problems: read.problems, sources: refs.map((r) => `build record ${r}`), secrets: read.secrets };
}
async function thisJobsRecords({ clients: { buildx }, io }) {
    const since = Date.parse(io.getState(constants/* State */.Uw.JobStartedAt));
    if (Number.isNaN(since)) {
        const message = `none of ${constants/* Input */.pd.LogFiles}, ${constants/* Input */.pd.BuildRefs} or ${constants/* Input */.pd.Run} is set, and the job's start time is unknown (the action's pre step did not run), so this job's build records cannot be found; set one of them`;
        return { refs: [], problems: [(0,lib_problems/* problem */.CC)('input-invalid', message)] };
    }
    const check = await buildx.checkHistory();
    if (!check.ok) {
        const message = `none of ${constants/* Input */.pd.LogFiles}, ${constants/* Input */.pd.BuildRefs} or ${constants/* Input */.pd.Run} is set, and build records cannot be read: ${check.message}; ${HOW_TO_PASS_LOGS}`;
        return { refs: [], problems: [(0,lib_problems/* problem */.CC)('docker-unavailable', message)] };
    }
    const found = await recordsSince(buildx, since);
    if (found.refs.length === 0 && found.problems.length === 0) {
        const message = `no build record of builder ${buildx.builderName} started since the job began (${new Date(since).toISOString()}); build with buildx before this step, or set ${constants/* Input */.pd.LogFiles}`;
        found.problems.push((0,lib_problems/* problem */.CC)('no-builds', message));
    }
    io.info(`found ${found.refs.length} build record(s) of this job`);
    return found;
}
/**
 * The `build-refs` input: refs (`builder/node/id` or a bare id), docker/build-push-action's
 * `metadata` output (JSON, often over many lines), or paths of `--metadata-file` files.
 */
async function resolveBuildRefs(text, cwd = process.cwd()) {
    const refs = [];
    const problems = [];
    const trimmed = text.trim();
    if (trimmed === '')
        return { refs, problems };
    if (trimmed.startsWith('{')) {
        const ref = build_records_fromJson(trimmed);
        if (ref)
            refs.push(ref);
        else
            problems.push((0,lib_problems/* problem */.CC)('input-invalid', `${constants/* Input */.pd.BuildRefs}: the JSON given has no "buildx.build.ref" (give build-push-action's metadata output, a --metadata-file path, or refs)`));
        return { refs, problems };
    }
    for (const line of trimmed
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')) {
        const path = (0,external_node_path_.resolve)(cwd, line);
        if (REF.test(line) && !(await isFile(path))) {
            refs.push(line);
            continue;
        }
        // a FIFO as a metadata file would block the step for good: refused before it is opened
        const read = await (0,regular_file/* readRegularFile */.XF)(path);
        if (!read.ok) {
            problems.push((0,lib_problems/* problem */.CC)(read.missing ? 'input-invalid' : 'file-unreadable', `${constants/* Input */.pd.BuildRefs}: ${read.missing ? 'neither a build ref (builder/node/id or id) nor a metadata file' : read.message}`, { file: line }));
            continue;
        }
        const ref = build_records_fromJson(read.text);
        if (ref)
            refs.push(ref);
        else
            problems.push((0,lib_problems/* problem */.CC)('input-invalid', `${constants/* Input */.pd.BuildRefs}: no "buildx.build.ref" in it (buildx writes no metadata file for a failed build)`, { file: line }));
    }
    return { refs: [...new Set(refs)], problems };
}
// `builder/node/id` or the bare id: buildx record ids are 25 lower-case letters and digits
const REF = /^(?:[\w.-]+\/[\w.-]+\/)?[a-z0-9]{20,}$/;
async function isFile(path) {
    try {
        return (await (0,fs_async/* stat */.dJ)(path)).isFile();
    }
    catch {
        return false;
    }
}
function build_records_fromJson(text) {
    try {
        return (0,docker_history/* refFromMetadata */.FF)(JSON.parse(text));
    }
    catch {
        return undefined;
    }
}
/** Reads each record's steps (`history logs`) and its name and status (`history inspect`). */
async function readBuildRecords(buildx, refs) {
    const builds = [];
    const problems = [];
    const secrets = [];
    // a few records at a time: each is two docker CLI starts, and one job can hold hundreds of
    // records within one time budget; results are kept in the records' order
    for (let i = 0; i < refs.length; i += RECORDS_AT_ONCE) {
        const read = await Promise.all(refs.slice(i, i + RECORDS_AT_ONCE).map((ref) => readRecord(buildx, ref)));
        for (const r of read) {
            if ('problem' in r) {
                problems.push(r.problem);
                continue;
            }
            (0,arrays/* append */.BC)(secrets, r.secrets);
            (0,arrays/* append */.BC)(builds, r.builds);
        }
    }
    return { builds, problems, secrets };
}
const RECORDS_AT_ONCE = 4;
async function readRecord(buildx, ref) {
    const details = await buildx.inspect(ref);
    if (!details.ok)
        return { problem: (0,lib_problems/* problem */.CC)('record-unreadable', details.message) };
    const logs = await buildx.logs(ref, `build record ${ref}`);
    if (!logs.ok)
        return { problem: (0,lib_problems/* problem */.CC)('record-unreadable', logs.message) };
    for (const b of logs.value) {
        b.name = details.value.name;
        b.ref = ref;
        if (details.value.error !== undefined && b.errors.length === 0)
            b.errors.push(details.value.error);
    }
    // BuildKit prints build-arg values in step names; the record names them
    return { builds: logs.value, secrets: (0,redact/* secretValues */.VX)(details.value.buildArgs) };
}
/** Records of this builder created at or after `since` (ms), oldest first. */
async function recordsSince(buildx, since) {
    const ls = await buildx.historyLs();
    if (!ls.ok)
        return { refs: [], problems: [(0,lib_problems/* problem */.CC)('record-unreadable', ls.message)] };
    const problems = [];
    if (ls.value.skipped > 0)
        problems.push((0,lib_problems/* problem */.CC)('record-unreadable', `docker buildx history ls: ${ls.value.skipped} line(s) that are not a build record were skipped`));
    const refs = ls.value.records
        .filter((r) => r.createdAt !== undefined && r.createdAt >= since)
        .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0))
        .map((r) => r.ref);
    return { refs, problems };
}

;// CONCATENATED MODULE: ./lib/sources/index.js





/** The sources, in the order they are read when asked for. A new source is a file and its line here. */
const SOURCES = [runModeSource, log_files/* logFilesSource */.jJ, buildRecordsSource];
/** Read when the inputs ask for no source at all. */
const DEFAULT_SOURCE = thisJobSource;
/** Every source the inputs name, in order; none named: this job's build records. Their builds are folded as read, in that order. */
async function collectBuilds(ctx) {
    const wanted = SOURCES.filter((s) => s.wanted(ctx.inputs));
    const fold = new analysis_fold/* BuildFold */.O();
    const out = { builds: fold, problems: [], sources: [], secrets: [] };
    const sink = (b) => {
        fold.add(b);
    };
    for (const source of wanted.length > 0 ? wanted : [DEFAULT_SOURCE]) {
        const read = await source.read({ ...ctx, sink });
        for (const b of read.builds)
            fold.add(b);
        (0,arrays/* append */.BC)(out.problems, read.problems);
        (0,arrays/* append */.BC)(out.sources, read.sources);
        (0,arrays/* append */.BC)(out.secrets, read.secrets ?? []);
        if (read.run)
            out.run = read.run;
        if (read.cacheOptions)
            out.cacheOptions = read.cacheOptions;
    }
    return out;
}

// EXTERNAL MODULE: ./lib/analysis/analyse.js
var analyse = __nccwpck_require__(3299);
// EXTERNAL MODULE: ./lib/summary/escape.js
var summary_escape = __nccwpck_require__(361);
// EXTERNAL MODULE: ./lib/summary/table.js
var table = __nccwpck_require__(9876);
;// CONCATENATED MODULE: ./lib/summary/build-cache.js




// The job summary's section on Docker's build cache (`docker buildx du`): not GitHub's Actions
// cache, which has its own section.
function buildCacheSection(r) {
    const c = r.cache;
    if (!c)
        return '';
    const t = c.totals;
    const growth = c.growth === undefined
        ? 'growth unknown (no measurement of this builder before the builds)'
        : `this job: **${(0,format/* formatBytesDelta */.vx)(c.growth)}**${c.cacheMountGrowth !== undefined && c.cacheMountGrowth !== 0 ? ` (cache mounts ${(0,format/* formatBytesDelta */.vx)(c.cacheMountGrowth)})` : ''}`;
    const max = (0,arrays/* maxOf */._)(c.byType.map((b) => b.size), 0);
    const lines = [
        '### Build cache',
        '',
        `**${(0,format/* formatBytes */.z3)(t.total)}** in ${c.records} records on builder ${(0,summary_escape/* code */.a)(c.builder)} · reclaimable ${(0,format/* formatBytes */.z3)(t.reclaimable)} · shared ${(0,format/* formatBytes */.z3)(t.shared)} · cache mounts ${(0,format/* formatBytes */.z3)(c.cacheMounts)} · ${growth}`,
        ''
    ];
    if (c.byType.length > 0) {
        lines.push((0,table/* row */.n)(['Record type', 'Records', 'Size', '']), (0,table/* row */.n)(['---', '--:', '--:', '---']));
        for (const b of c.byType)
            lines.push((0,table/* row */.n)([(0,summary_escape/* code */.a)(b.type), String(b.count), (0,format/* formatBytes */.z3)(b.size), (0,format/* bar */.M0)(b.size, max)]));
        lines.push('');
    }
    if (c.largest.length > 0) {
        lines.push('<details><summary>Largest cache records</summary>', '', (0,table/* row */.n)(['Type', 'Size', 'Description']), (0,table/* row */.n)(['---', '--:', '---']));
        for (const l of c.largest)
            lines.push((0,table/* row */.n)([(0,summary_escape/* code */.a)(l.type), (0,format/* formatBytes */.z3)(l.size), (0,summary_escape/* code */.a)(l.description, 160)]));
        lines.push('', '</details>', '');
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./lib/summary/actions-cache.js


// The job summary's section on the repository's GitHub Actions cache (REST API): not Docker's
// build cache, which has its own section.
function actionsCacheSection(r) {
    const a = r.actionsCache;
    if (!a)
        return '';
    const b = a.buildkit;
    const lines = [
        '### GitHub Actions cache',
        '',
        `${(0,summary_escape/* escapeText */.X)(a.repository)}: **${(0,format/* gib */.$l)(a.usageBytes)}** of ${(0,format/* gib */.$l)(a.limitBytes)} (${a.percentOfLimit.toFixed(1)}%, ${a.limitFromApi ? 'the configured limit' : 'the default limit'}) in ${a.activeCount} entries${a.percentOfLimit > 80 ? ' ⚠️ near the limit: GitHub evicts the least recently used entries beyond it' : ''}`,
        '',
        `BuildKit \`type=gha\` entries: ${b.count}, ${(0,format/* gib */.$l)(b.bytes)}${b.oldestLastAccessedAt === undefined ? '' : ` · oldest last access ${(0,summary_escape/* escapeText */.X)(b.oldestLastAccessedAt)}`} · entries unused for 7 days are dropped`,
        ''
    ];
    return lines.join('\n');
}

// EXTERNAL MODULE: ./lib/summary/problems.js
var problems = __nccwpck_require__(4710);
// EXTERNAL MODULE: ./lib/model/identity.js
var identity = __nccwpck_require__(3275);
;// CONCATENATED MODULE: ./lib/summary/builds.js





const SHOWN = 50;
/** One row per build, named by what it built, before the stages: only when the log holds more than one. */
function buildsSection(r) {
    if (r.totals.builds < 2)
        return '';
    const result = { success: '✅ success', failed: '❌ failed', canceled: 'canceled' };
    const rows = r.builds.slice(0, SHOWN).map((b) => {
        const cached = b.steps.filter((s) => s.cached).length;
        return (0,table/* row */.n)([
            // a job log's build is told by the workflow step that ran it
            (0,summary_escape/* escapeText */.X)(b.step === undefined ? (0,identity/* buildName */.AL)(b) : `${(0,identity/* buildName */.AL)(b)} · ${b.job === undefined ? '' : `${b.job} / `}${b.step}`, 200),
            String(b.steps.length),
            String(cached),
            `${(0,format/* formatPercent */.l9)((0,analyse/* hitRate */.aK)(cached, b.steps.length))}%`,
            `${(0,format/* formatDuration */.a3)(b.duration)}${b.durationKind === 'wall' ? '' : ' (sum)'}`,
            result[b.status]
        ]);
    });
    return [
        '### Builds',
        '',
        (0,table/* row */.n)(['Build', 'Steps', 'Cached', 'Hit rate', 'Time', 'Result']),
        (0,table/* row */.n)(['---', '--:', '--:', '--:', '--:', '---']),
        ...rows,
        ...(r.builds.length > SHOWN ? ['', `… and ${r.builds.length - SHOWN} more builds in the JSON report.`] : []),
        ...(r.counted ? ['', countedNote(r.counted)] : []),
        ''
    ].join('\n');
}
/** What a report of many builds leaves out, and what it still counts. */
function countedNote(c) {
    const breaks = c.breaksLeftOut > 0 ? ` (their cache breaks past the first few, ${String(c.breaksLeftOut)}, are left out)` : '';
    return `Builds ${String(c.first)} to ${String(c.first + c.builds - 1)} are counted in every total, stage, platform and slowest step${breaks}, but not kept one by one: their root causes, phases, cache transfers and steps are not in this report, so that a log of any number of builds makes a report of bounded size.`;
}

;// CONCATENATED MODULE: ./lib/summary/causes.js




const causes_SHOWN = 15;
const CAUSE_LABEL = {
    'instruction-changed': 'instruction changed',
    'files-changed': 'files changed',
    'build-arg-changed': 'build arg changed',
    'platform-changed': 'platform changed',
    'cache-not-available': 'cache not available',
    'never-cached': 'never cached',
    unexplained: 'not known'
};
/** `Dockerfile:12`, or the stage and step when the Dockerfile was not read. */
function where(c, r) {
    const b = r.builds[c.build - 1];
    const build = r.builds.length > 1 && b ? `${(0,summary_escape/* escapeText */.X)((0,identity/* buildName */.AL)(b), 120)} · ` : '';
    const plat = c.step.platform === '' ? '' : ` (${(0,summary_escape/* escapeText */.X)(c.step.platform)})`;
    const line = c.file !== undefined && c.line !== undefined ? `${(0,summary_escape/* escapeText */.X)(c.file, 200)}:${String(c.line)} · ` : '';
    return `${build}${line}stage ${(0,summary_escape/* code */.a)(c.step.stage, 100)}${plat}, step ${String(c.step.index)}/${String(c.step.count)}`;
}
/** The root cause of every miss, the costliest first: at the top of the summary, where the hit rate is. */
function rootCausesSection(r) {
    const causes = r.rootCauses;
    if (causes.length === 0)
        return '';
    const total = causes.reduce((t, c) => t + c.seconds, 0);
    const lines = [
        '### Why the cache missed',
        '',
        `${String(causes.length)} root cause${causes.length === 1 ? '' : 's'} for ${String(causes.reduce((t, c) => t + 1 + c.cascade.length, 0))} steps that ran (${(0,format/* formatDuration */.a3)(total)}). A step that ran because an earlier step of its chain ran is counted under that step.`,
        '',
        (0,table/* row */.n)(['Cause', 'Step', 'Instruction', 'Why', 'Steps dragged along', 'Time']),
        (0,table/* row */.n)(['---', '---', '---', '---', '--:', '--:']),
        ...causes
            .slice(0, causes_SHOWN)
            .map((c) => (0,table/* row */.n)([
            `**${CAUSE_LABEL[c.code]}**`,
            where(c, r),
            (0,summary_escape/* code */.a)(c.step.text, 160),
            (0,summary_escape/* escapeText */.X)(`${c.detail}${c.ref === undefined ? '' : ` (${c.backend ?? ''} ${c.ref})`}${c.change === undefined ? '' : `. ${c.change}`}`, 400),
            String(c.cascade.length),
            (0,format/* formatDuration */.a3)(c.seconds)
        ]))
    ];
    if (causes.length > causes_SHOWN)
        lines.push('', `… and ${String(causes.length - causes_SHOWN)} more in the JSON report (\`rootCauses\`).`);
    return `${lines.join('\n')}\n`;
}
/** Dockerfile, `.dockerignore` and workflow findings, those that cost this run the most first. */
function findingsSection(r) {
    const findings = r.findings;
    if (findings.length === 0)
        return '';
    const lines = [
        '### Cache hygiene',
        '',
        (0,table/* row */.n)(['Where', 'About', 'What to change', 'Cost in this run']),
        (0,table/* row */.n)(['---', '---', '---', '--:']),
        ...findings
            .slice(0, causes_SHOWN)
            .map((f) => (0,table/* row */.n)([
            `${(0,summary_escape/* escapeText */.X)(f.file, 200)}:${String(f.line)}`,
            (0,summary_escape/* code */.a)(f.subject, 160),
            (0,summary_escape/* escapeText */.X)(f.change, 500),
            f.causes.length === 0 ? '—' : `${(0,format/* formatDuration */.a3)(f.seconds)} (${String(f.causes.length)} cause${f.causes.length === 1 ? '' : 's'})`
        ]))
    ];
    if (findings.length > causes_SHOWN)
        lines.push('', `… and ${String(findings.length - causes_SHOWN)} more in the JSON report (\`findings\`).`);
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./lib/summary/cache-transfer.js




const RESULT = { ok: '✅ ok', empty: '⚠️ empty', failed: '❌ failed' };
/** Each build's cache imports and exports: backend, time, result, and what a failure meant. */
function cacheTransferSection(r) {
    const rows = [];
    const several = r.builds.length > 1;
    for (const b of r.builds) {
        const t = b.cacheTransfer;
        if (!t)
            continue;
        const name = several ? `${(0,summary_escape/* escapeText */.X)((0,identity/* buildName */.AL)(b), 120)} · ` : '';
        for (const i of t.imports)
            rows.push((0,table/* row */.n)([
                `${name}import`,
                (0,summary_escape/* escapeText */.X)(i.backend),
                i.ref === undefined ? '' : (0,summary_escape/* code */.a)(i.ref, 200),
                (0,format/* formatDuration */.a3)(i.seconds),
                RESULT[i.result],
                (0,summary_escape/* escapeText */.X)(i.explanation ?? i.error ?? '', 400)
            ]));
        for (const e of t.exports)
            rows.push((0,table/* row */.n)([
                `${name}export`,
                (0,summary_escape/* escapeText */.X)(e.backend + (e.mode === undefined ? '' : `, mode=${e.mode}`)),
                e.ref === undefined ? '' : (0,summary_escape/* code */.a)(e.ref, 200),
                (0,format/* formatDuration */.a3)(e.seconds),
                RESULT[e.result],
                (0,summary_escape/* escapeText */.X)(e.explanation ?? e.error ?? '', 400)
            ]));
    }
    if (rows.length === 0)
        return '';
    return [
        '### Cache import and export',
        '',
        (0,table/* row */.n)(['', 'Backend', 'Source', 'Time', 'Result', 'What it means']),
        (0,table/* row */.n)(['---', '---', '---', '--:', '---', '---']),
        ...rows,
        ''
    ].join('\n');
}
/** A cache export that failed, in words: the next run will miss. */
function failedExports(r) {
    return r.builds.flatMap((b) => (b.cacheTransfer?.exports ?? [])
        .filter((e) => e.result === 'failed')
        .map((e) => `${(0,identity/* buildName */.AL)(b)}: ${e.explanation ?? `the ${e.backend} cache export failed: ${e.error ?? ''}`}`));
}

;// CONCATENATED MODULE: ./lib/summary/xychart.js
// A Mermaid `xychart-beta` chart (GitHub renders Mermaid in job summaries and Markdown files), or why
// one is left out: it needs two points at least, and numbers it can draw. Its text is checked with
// mermaid's own parser in the tests.
/** Points drawn at most: the newest are kept, as GitHub's renderer crowds a long axis. */
const MAX_POINTS = 60;
/** The chart as a fenced mermaid block, or a one-line note of why it cannot be drawn. */
function xychart(c) {
    const from = Math.max(0, c.x.length - MAX_POINTS);
    const x = c.x.slice(from);
    if (x.length < 2)
        return { omitted: `${c.title}: a chart needs two runs at least` };
    const series = c.series.map((s) => ({ kind: s.kind, values: s.values.slice(from) }));
    // a run without the figure (no step read) breaks the line: drawn as 0 it would lie
    if (series.some((s) => s.values.length !== x.length || s.values.some((v) => v === null || !Number.isFinite(v))))
        return { omitted: `${c.title}: some runs have no figure, so no chart` };
    const values = series.flatMap((s) => s.values);
    const [lo, hi] = c.yRange ?? [Math.min(0, ...values), niceMax(Math.max(...values))];
    const lines = [
        '```mermaid',
        'xychart-beta',
        `  title ${quote(c.title)}`,
        `  x-axis [${x.map(quote).join(', ')}]`,
        `  y-axis ${quote(c.yTitle)} ${num(lo)} --> ${num(hi)}`,
        ...series.map((s) => `  ${s.kind} [${s.values.map(num).join(', ')}]`),
        '```'
    ];
    return { markdown: lines.join('\n') };
}
// mermaid's grammar has no escape inside a quoted string: a quote becomes an apostrophe; `<...=`
// reads as a tag to mermaid, and `%%` starts a comment even there (both seen failing its parser)
const quote = (s) => {
    const t = s
        .replace(/["\r\n]/g, "'")
        .replace(/</g, '‹')
        .replace(/>/g, '›')
        .replace(/%{2,}/g, '%')
        .slice(0, 60);
    // nor an empty one
    return `"${t.trim() === '' ? '-' : t}"`;
};
/** Plain decimal, never an exponent (1e-7), which the grammar does not read. */
const num = (n) => {
    const r = Math.round(n * 1000) / 1000;
    return Object.is(r, -0) ? '0' : String(r);
};
/** A round top for the axis: 1, 2 or 5 times a power of ten, at least the largest value. */
function niceMax(v) {
    if (!(v > 0))
        return 1;
    const p = 10 ** Math.floor(Math.log10(v));
    for (const m of [1, 2, 5, 10])
        if (m * p >= v)
            return m * p;
    return 10 * p;
}

;// CONCATENATED MODULE: ./lib/summary/trend-chart.js


/**
 * The hit rate, the duration and (where known) the billable minutes of runs, oldest first, as three
 * Mermaid charts (one unit each); a chart that cannot be drawn is left out with one line saying why.
 */
function trendCharts(points, durationTitle = 'Build time (s)') {
    const x = points.map((p) => p.label);
    const charts = [
        xychart({ title: 'Cache hit rate (%)', x, yTitle: '%', yRange: [0, 100], series: [{ kind: 'line', values: points.map((p) => p.hitRate) }] }),
        xychart({ title: durationTitle, x, yTitle: 's', series: [{ kind: 'bar', values: points.map((p) => p.seconds) }] })
    ];
    if (points.some((p) => p.minutes !== null))
        charts.push(xychart({ title: 'Billable minutes', x, yTitle: 'min', series: [{ kind: 'bar', values: points.map((p) => p.minutes) }] }));
    return charts.flatMap((c) => ('markdown' in c ? [c.markdown, ''] : [`_${(0,summary_escape/* escapeText */.X)(c.omitted, 200)}._`, '']));
}

;// CONCATENATED MODULE: ./lib/summary/trend.js

/** `01-06 09:50`: the x-axis label of a run, short enough for a chart of twenty. */
const label = (iso) => (Number.isNaN(Date.parse(iso)) ? '?' : new Date(iso).toISOString().slice(5, 16).replace('T', ' '));
/**
 * The baseline window's trend, this run last: hit rate, duration and (where every run has them)
 * billable minutes, as Mermaid charts; a chart that cannot be drawn is one line saying why.
 */
function trendSection(r) {
    const history = r.deltas?.history;
    if (history === undefined || history.length === 0)
        return '';
    const now = r.billing?.billableMinutes;
    const points = history.map((h, i) => {
        const last = i === history.length - 1;
        return {
            label: last ? 'this run' : label(h.createdAt),
            hitRate: h.hitRate,
            seconds: h.duration,
            minutes: (last ? now : h.billableMinutes) ?? null
        };
    });
    // minutes only where every run has them: a chart with holes says nothing
    const minutes = points.every((p) => p.minutes !== null);
    const shown = minutes ? points : points.map((p) => ({ ...p, minutes: null }));
    const kind = r.totals.durationKind === 'wall' ? 'wall clock' : r.totals.durationKind === 'sum' ? 'sum of vertex times' : 'wall clock where known';
    return ['### Trend', '', `The baseline window, oldest first, and this run (duration: ${kind}).`, '', ...trendCharts(shown, 'Duration (s)')].join('\n');
}

;// CONCATENATED MODULE: ./lib/summary/mermaid.js
// Mermaid gantt charts for the job summary, which GitHub draws from a ```mermaid block. Names come
// from the log: whatever a Dockerfile says must neither break the chart nor the code block.
/** Mermaid refuses a diagram longer than this (its `maxTextSize`). */
const MERMAID_LIMIT = 50_000;
// `:` ends a task's name; `#…;` is an entity code to Mermaid, which its gantt charts (11.x) then draw
// as `ﬂ°°35¶ß`, so no entity code will do; `#` and `;` end some of its lines, `%` starts a comment
// almost anywhere; quotes and `<>` are markup in a title; a backtick could close the code block. Each becomes a character that looks like it and that common fonts have
// (not the fullwidth forms, which fonts without CJK draw as boxes). `&` is drawn as it is in a bar.
const LOOKALIKE = {
    ':': '\u2236',
    '#': '\u266f',
    ';': '\u037e',
    '"': '\u201d',
    "'": '\u2019',
    '<': '\u2039',
    '>': '\u203a',
    '`': '\u02cb',
    '%': '\u066a'
};
const UNSAFE = /[:#;"'<>`%]/g;
// a line that starts with one of these words is a directive, not a task or a section: a zero-width space goes before it
const KEYWORD = /^(?:title|section|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|click|inclusiveenddates|topaxis|weekday|weekend|acctitle|accdescr|displaymode|gantt|vert)(?![\p{L}\p{N}_-])/iu;
/** Log text as a Mermaid name: one line, at most `max` characters, every character that is syntax replaced by one that looks like it. */
function mermaidText(text, max = 60) {
    // eslint-disable-next-line no-control-regex
    let s = text.replace(/[\s\x00-\x1f\x7f\u200b]+/g, ' ').trim();
    if (s.length > max)
        s = `${s.slice(0, max - 1)}…`;
    s = s.replace(UNSAFE, (c) => LOOKALIKE[c] ?? ' ');
    if (s === '')
        return '\u2013';
    return KEYWORD.test(s) ? `\u200b${s}` : s;
}
// steps of the axis, ms: the first that gives at most 10 ticks over the chart
const TICKS = [
    [100, '100millisecond'],
    [200, '200millisecond'],
    [500, '500millisecond'],
    [1_000, '1second'],
    [2_000, '2second'],
    [5_000, '5second'],
    [10_000, '10second'],
    [15_000, '15second'],
    [30_000, '30second'],
    [60_000, '1minute'],
    [120_000, '2minute'],
    [300_000, '5minute'],
    [600_000, '10minute'],
    [900_000, '15minute'],
    [1_800_000, '30minute'],
    [3_600_000, '1hour']
];
/**
 * A gantt chart on the reader's own clock (times are real, so the axis is right in every time zone),
 * within `limit` characters: bars that do not fit are left out, each section's last first, and counted.
 */
function ganttChart(title, sections, limit = MERMAID_LIMIT) {
    const bars = sections.flatMap((s) => s.bars);
    const lo = bars.reduce((m, b) => Math.min(m, b.start), Infinity);
    const hi = bars.reduce((m, b) => Math.max(m, b.end), -Infinity);
    const wall = Number.isFinite(lo) && hi > lo ? hi - lo : 0;
    const tick = TICKS.find(([step]) => wall / step <= 10) ?? TICKS[TICKS.length - 1];
    const head = [
        'gantt',
        `  title ${mermaidText(title, 120)}`,
        '  dateFormat x',
        `  axisFormat ${wall < 3_000 ? '%H:%M:%S.%L' : '%H:%M:%S'}`,
        ...(tick ? [`  tickInterval ${tick[1]}`] : []),
        '  todayMarker off'
    ];
    const lines = [...head];
    let size = lines.reduce((n, l) => n + l.length + 1, 0);
    let left = 0;
    let id = 0;
    for (const section of sections) {
        const heading = `  section ${mermaidText(section.name, 80)}`;
        const rows = section.bars.map((b) => `  ${mermaidText(b.label)} :b${++id}, ${Math.round(b.start)}, ${Math.round(Math.max(b.end, b.start))}`);
        if (rows.length === 0)
            continue;
        if (size + heading.length + 1 + (rows[0]?.length ?? 0) + 1 > limit) {
            left += rows.length;
            continue;
        }
        lines.push(heading);
        size += heading.length + 1;
        for (const row of rows) {
            if (size + row.length + 1 > limit) {
                left++;
                continue;
            }
            lines.push(row);
            size += row.length + 1;
        }
    }
    return { text: lines.join('\n'), left };
}

;// CONCATENATED MODULE: ./lib/summary/timeline.js





/** Builds shown in detail; the JSON report has every build's phases and critical path. */
const BUILDS_SHOWN = 5;
/** Bars per section of a chart, and links of a critical path, shown. */
const BARS = 40;
const LINKS = 25;
const PHASE_LABEL = {
    context: 'Context transfer',
    'base-image': 'Base image resolve and pull',
    'cache-import': 'Cache import',
    steps: 'Dockerfile steps',
    export: 'Image export',
    push: 'Push',
    'cache-export': 'Cache export',
    other: 'Other vertexes'
};
/** `51 ms` under a second, where a warm build's phases are; `4.1s` above. */
function fine(seconds) {
    return seconds < 1 && seconds >= 0 ? `${String(Math.round(seconds * 1000))} ms` : (0,format/* formatDuration */.a3)(seconds);
}
const percent = (part, whole) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '');
/** Push and cache export together take at least this share of the builds' time: the headline says so. */
const HEADLINE_SHARE = 0.25;
/** `⏱️ push 51 ms and cache export 99 ms: 54.3% of the wall clock`, when they are a large share of it; else ''. */
function pushAndCacheExport(r) {
    let push = 0;
    let cacheExport = 0;
    for (const b of r.builds) {
        for (const p of b.phases?.list ?? []) {
            if (p.phase === 'push')
                push += p.seconds;
            else if (p.phase === 'cache-export')
                cacheExport += p.seconds;
        }
    }
    const total = r.totals.duration;
    if (total <= 0 || (push + cacheExport) / total < HEADLINE_SHARE)
        return '';
    const parts = [...(push > 0 ? [`**push ${fine(push)}**`] : []), ...(cacheExport > 0 ? [`**cache export ${fine(cacheExport)}**`] : [])];
    const of = r.totals.durationKind === 'wall' ? 'the wall clock' : 'the time';
    return `⏱️ ${parts.join(' and ')}: ${percent(push + cacheExport, total)} of ${of}, after the steps (see *Where the time went*)`;
}
/** Where each build's time went: its phases, its critical path and its timeline, the longest builds first. */
function timelineSection(r) {
    const builds = r.builds.filter((b) => b.phases !== undefined && b.phases.list.length > 0);
    if (builds.length === 0)
        return '';
    const several = r.builds.length > 1;
    const shown = several ? [...builds].sort((a, b) => b.duration - a.duration).slice(0, BUILDS_SHOWN) : builds;
    const parts = ['### Where the time went', ''];
    for (const b of shown) {
        if (several)
            parts.push(`#### ${(0,summary_escape/* escapeText */.X)((0,identity/* buildName */.AL)(b), 200)}`, '');
        if (b.phases)
            parts.push(...[phaseTable(b, b.phases), criticalPathTable(b), chart(b, b.phases)].filter((x) => x !== ''));
    }
    if (builds.length > shown.length)
        parts.push(`The ${String(builds.length - shown.length)} shorter builds are in the JSON report (\`builds[].phases\`, \`builds[].criticalPath\`).`, '');
    return parts.join('\n');
}
function phaseTable(b, p) {
    const wall = p.kind === 'wall';
    const total = p.list.reduce((t, x) => t + x.seconds, 0) + p.idle;
    const rows = p.list.map((x) => (0,table/* row */.n)([PHASE_LABEL[x.phase], fine(x.seconds), percent(x.seconds, total), fine(x.busy), String(x.vertexes)]));
    if (wall)
        rows.push((0,table/* row */.n)(['Between vertexes', fine(p.idle), percent(p.idle, total), '', '']));
    const how = wall
        ? `${fine(total)} wall clock: each moment counted once, in the phase running then (the steps first where phases ran side by side); *Busy* adds up each vertex's own time (${fine(p.accumulated)}: on average ${String(p.parallelism ?? 0)} vertexes ran at once). *Between vertexes*: nothing ran (BuildKit solving the graph, computing cache keys).`
        : `${fine(total)}: the sums of the vertexes' DONE times (plain logs carry no timestamps, so side by side vertexes each count, and this is more than the wall time when they ran in parallel).`;
    return [
        how,
        '',
        (0,table/* row */.n)(['Phase', wall ? 'Wall time' : 'Time', 'Share', 'Busy', 'Vertexes']),
        (0,table/* row */.n)(['---', '--:', '--:', '--:', '--:']),
        ...rows,
        (0,table/* row */.n)([
            `**${b.status === 'success' ? 'Build' : `Build (${b.status})`}**`,
            `**${fine(total)}**`,
            '',
            fine(p.accumulated),
            String(p.list.reduce((n, x) => n + x.vertexes, 0))
        ]),
        ''
    ].join('\n');
}
function criticalPathTable(b) {
    const path = b.criticalPath;
    if (!path || path.links.length === 0)
        return '';
    const links = path.links.length > LINKS ? [...path.links.slice(0, 2), ...path.links.slice(-(LINKS - 2))] : path.links;
    const skipped = path.links.length - links.length;
    const rows = links.map((l, i) => {
        const n = i < 2 || skipped === 0 ? i + 1 : i + 1 + skipped;
        const status = l.cached ? 'cached' : '';
        const push = l.push === undefined ? '' : ` (push ${fine(l.push)})`;
        return (0,table/* row */.n)([
            String(n),
            (0,summary_escape/* code */.a)(l.name, 160),
            `${PHASE_LABEL[l.phase]}${status === '' ? '' : ` · ${status}`}`,
            fine(l.start),
            `${fine(l.seconds)}${push}`,
            l.wait > 0 ? fine(l.wait) : ''
        ]);
    });
    return [
        `**Critical path**: the chain of ${String(path.links.length)} vertexes the wall time was spent along, each waiting for the one before; their times add up to ${fine(path.busy)}, and ${fine(Math.max(0, path.seconds - path.busy))} went between them.`,
        '',
        (0,table/* row */.n)(['#', 'Vertex', 'Phase', 'Started at', 'Time', 'Waited']),
        (0,table/* row */.n)(['--:', '---', '---', '--:', '--:', '--:']),
        ...rows.slice(0, 2),
        ...(skipped > 0 ? [(0,table/* row */.n)(['', `… ${String(skipped)} more`, '', '', '', ''])] : []),
        ...rows.slice(2),
        ''
    ].join('\n');
}
/** The stages' spans, and the steps of the stage with the longest span; undefined without timestamps. */
function chart(b, phases) {
    if (b.durationKind !== 'wall' || phases.kind !== 'wall')
        return 'No timeline: the log has no timestamps (`--progress=rawjson` or a build record has them).\n';
    const spans = b.stages.flatMap((st) => {
        const s = stageSpan(st);
        return s ? [{ st, s }] : [];
    });
    const around = phases.list.flatMap((p) => (p.phase !== 'steps' && p.span ? [{ label: PHASE_LABEL[p.phase], start: p.span[0], end: p.span[1] }] : []));
    const stageName = (st) => (st.platform === '' ? st.name : `${st.name} (${st.platform})`);
    const stages = spans.map(({ st, s }) => ({ label: stageName(st), start: s[0], end: s[1] }));
    // by its steps' time: a stage's span also holds the time it waited for the stages it copies from
    const slowest = spans.reduce((best, x) => (!best || x.st.seconds > best.st.seconds ? x : best), undefined);
    const steps = (slowest?.st.steps ?? []).flatMap((st) => st.span ? [{ label: `${String(st.index)}/${String(st.count)} ${st.text}`, start: st.span[0], end: st.span[1] }] : []);
    const sections = [
        { name: 'Around the steps', bars: around.slice(0, BARS) },
        { name: 'Stages', bars: stages.slice(0, BARS) },
        // a build whose every step was cached has no step worth a bar
        ...(slowest && slowest.st.seconds > 0 ? [{ name: `Steps of ${stageName(slowest.st)}`, bars: steps.slice(0, BARS) }] : [])
    ];
    const title = `${(0,identity/* buildName */.AL)(b)}, ${fine(b.duration)}`;
    const { text, left } = ganttChart(title, sections);
    const all = [around, stages, steps];
    const cut = sections.reduce((n, x, i) => n + (all[i]?.length ?? 0) - x.bars.length, 0) + left;
    return [
        '```mermaid',
        text,
        '```',
        '',
        ...(cut > 0 ? [`${String(cut)} bars were left out of the chart (Mermaid draws at most 50,000 characters; the JSON report has every step's time).`, ''] : [])
    ].join('\n');
}
/** A stage's first step start to last step end, ms; cached steps' instants count. */
function stageSpan(st) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of st.steps) {
        if (!s.span)
            continue;
        lo = Math.min(lo, s.span[0]);
        hi = Math.max(hi, s.span[1]);
    }
    return lo <= hi ? [lo, hi] : undefined;
}

// EXTERNAL MODULE: ./lib/baseline/cache-benefit.js
var cache_benefit = __nccwpck_require__(6027);
;// CONCATENATED MODULE: ./lib/summary/cache-benefit.js





const STEPS_SHOWN = 10;
const signed = (seconds) => `${seconds < 0 ? '−' : '+'}${fine(Math.abs(seconds))}`;
/** `+0.02 billable min ($0.0001)`: the net benefit in runner minutes and dollars. */
function minutes(b) {
    if (b.netMinutes === undefined)
        return '';
    const m = `${b.netMinutes < 0 ? '−' : '+'}${Math.abs(b.netMinutes).toFixed(2)} runner min`;
    return b.netCost === undefined ? m : `${m}, ${b.netCost < 0 ? '−' : '+'}$${Math.abs(b.netCost).toFixed(4)}`;
}
/** The warning when, over the window, importing and exporting cache took longer than the cache saved; '' otherwise. */
function cacheCostWarning(r) {
    const b = r.cacheBenefit;
    if (!b?.window || !(0,cache_benefit/* cacheCostsMore */.CW)(b))
        return '';
    const w = b.window;
    return `Over the last ${String(w.runs)} runs the cache took ${fine(w.overhead)} to import and export and saved ${fine(w.timeSaved)} of steps: it costs more than it saves. Export less (mode=min, or only from the default branch), or use a faster cache backend.`;
}
/** What the cache saved this run, what moving it cost, and the net, in time and money. */
function cacheBenefitSection(r) {
    const b = r.cacheBenefit;
    if (!b || (b.overhead === 0 && !b.timeSaved))
        return '';
    const lines = ['### What the cache saved', ''];
    if (b.timeSaved === undefined) {
        const saved = b.cachedSteps === 0
            ? 'No step was cached.'
            : `What the ${String(b.cachedSteps)} cached step${b.cachedSteps === 1 ? '' : 's'} saved is known with a baseline (each one's time when it last ran).`;
        lines.push(`Importing and exporting cache took **${fine(b.overhead)}** in this run. ${saved}`, '');
        return lines.join('\n');
    }
    const unknown = b.cachedSteps - b.knownSteps;
    lines.push(`The ${String(b.knownSteps)} cached step${b.knownSteps === 1 ? '' : 's'} that ran in the baseline runs took **${fine(b.timeSaved)}** when they last ran; importing and exporting cache took **${fine(b.overhead)}**: the cache's net benefit this run is **${signed(b.net ?? 0)}** (${minutes(b)}).` +
        (unknown > 0
            ? ` ${String(unknown)} more cached step${unknown === 1 ? '' : 's'} never ran in the baseline window: ${unknown === 1 ? 'its' : 'their'} time is not known.`
            : ''), '');
    const w = b.window;
    if (w && w.runs > 1)
        lines.push(`Over the window's last ${String(w.runs)} runs (this one included): saved ${fine(w.timeSaved)}, spent ${fine(w.overhead)} on import and export, net ${signed(w.net)}.`, '');
    const warning = cacheCostWarning(r);
    if (warning !== '')
        lines.push('> [!WARNING]', `> ${(0,summary_escape/* escapeText */.X)(warning, 600)}`, '');
    if (b.steps.length > 0) {
        const several = r.builds.length > 1;
        lines.push((0,table/* row */.n)(['Step', 'Instruction', 'Time when it last ran']), (0,table/* row */.n)(['---', '---', '--:']), ...b.steps.slice(0, STEPS_SHOWN).map((s) => {
            const build = r.builds[s.build - 1];
            const name = several && build ? `${(0,summary_escape/* escapeText */.X)((0,identity/* buildName */.AL)(build), 120)} · ` : '';
            const plat = s.platform === '' ? '' : ` (${(0,summary_escape/* escapeText */.X)(s.platform)})`;
            return (0,table/* row */.n)([`${name}stage ${(0,summary_escape/* code */.a)(s.stage, 100)}${plat}, step ${String(s.index)}/${String(s.count)}`, (0,summary_escape/* code */.a)(s.text, 200), fine(s.seconds)]);
        }), '');
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./lib/summary/markdown.js















/** GitHub rejects a step's job summary over 1 MiB; stay under it with room for other steps' text. */
const SUMMARY_LIMIT = 1000 * 1024;
const STATUS = {
    cached: 'cached',
    done: 'ran',
    error: '❌ failed',
    canceled: 'canceled',
    running: 'unfinished'
};
/** The job summary as one markdown string, within `limit` bytes: detail is dropped first, then the text is cut with a notice. */
function renderSummary(report, limit = SUMMARY_LIMIT) {
    const head = [
        headline(report),
        rootCausesSection(report),
        (0,problems/* problemsNote */.d)(report.problems, 'Some input could not be read:'),
        buildsSection(report),
        stages(report),
        timelineSection(report),
        trendSection(report),
        newMisses(report),
        breaks(report),
        findingsSection(report),
        cacheTransferSection(report),
        cacheBenefitSection(report),
        slowest(report),
        baseImages(report),
        buildCacheSection(report),
        actionsCacheSection(report)
    ]
        .filter((s) => s !== '')
        .join('\n');
    const full = `${head}\n${allSteps(report)}`;
    if (bytes(full) <= limit)
        return full;
    const notice = '\n> [!NOTE]\n> The list of every step was left out: the job summary is limited to 1 MiB. The JSON report (`report` output) has it.\n';
    if (bytes(head) + bytes(notice) <= limit)
        return head + notice;
    const cut = "\n\n> [!WARNING]\n> This summary was cut at GitHub's 1 MiB limit. The JSON report (`report` output) has everything.\n";
    return truncateBytes(head, limit - bytes(cut)) + cut;
}
function headline(r) {
    const t = r.totals;
    const lines = ['## Docker build insights', ''];
    if (t.steps === 0) {
        lines.push(`**No Dockerfile step found** in ${r.files.length} log file${r.files.length === 1 ? '' : 's'}.`);
        // a build that failed before its first step is the news here, not the empty count
        const failed = r.builds.filter((b) => b.status !== 'success');
        const first = failed.find((b) => b.error !== undefined);
        if (first?.error !== undefined) {
            const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed build${failed.length > 2 ? 's' : ''})` : '';
            lines.push('', `❌ The build failed before its first step${more}: ${(0,summary_escape/* code */.a)(first.error, 500)}`);
        }
    }
    else {
        const kind = t.durationKind === 'wall'
            ? 'wall clock'
            : t.durationKind === 'sum'
                ? 'sum of vertex times (plain logs have no timestamps)'
                : 'wall clock where known, else sum of vertex times';
        const d = r.deltas;
        const rateDelta = d?.hitRateDelta === null || d?.hitRateDelta === undefined ? '' : ` (${(0,format/* formatPointsDelta */.BK)(d.hitRateDelta)})`;
        const timeDelta = d?.durationDelta === undefined
            ? ''
            : ` (${(0,format/* formatDurationDelta */.qu)(d.durationDelta)}${d.durationDeltaPercent === undefined ? '' : `, ${d.durationDeltaPercent >= 0 ? '+' : '−'}${Math.abs(d.durationDeltaPercent).toFixed(1)}%`})`;
        const parts = [
            `**Cache hit rate ${(0,format/* formatPercent */.l9)(t.hitRate)}%**${rateDelta}`,
            `${t.cached} of ${t.steps} steps cached`,
            `${t.builds} build${t.builds === 1 ? '' : 's'}${t.failed > 0 ? ` (${t.failed} failed)` : ''}`,
            `**${(0,format/* formatDuration */.a3)(t.duration)}**${timeDelta} ${kind}`
        ];
        lines.push(parts.join(' · '));
        const around = pushAndCacheExport(r);
        if (around !== '')
            lines.push('', around);
        if (d) {
            const base = `baseline: the median of ${d.runs} run${d.runs === 1 ? '' : 's'} (${(0,format/* formatPercent */.l9)(d.baselineHitRate)}%, ${(0,format/* formatDuration */.a3)(d.baselineDuration)})`;
            lines.push('', `${base} · duration ${(0,format/* sparkline */.KM)(d.history.map((h) => h.duration))} · hit rate ${(0,format/* sparkline */.KM)(d.history.map((h) => h.hitRate ?? 0))} (oldest → this run)`);
        }
    }
    const billing = billingLine(r);
    if (billing !== '')
        lines.push('', billing);
    for (const c of r.gate.checks) {
        const icon = c.verdict === 'pass' ? '✅' : c.verdict === 'fail' ? '❌' : 'ℹ️';
        lines.push('', `${icon} Gate: ${(0,summary_escape/* escapeText */.X)(c.message, 500)}`);
    }
    return `${lines.join('\n')}\n`;
}
function billingLine(r) {
    const b = r.billing;
    if (!b)
        return '';
    const p = b.price;
    const priced = p.source === 'unknown'
        ? 'price unknown (set minute-price)'
        : `${(0,summary_escape/* escapeText */.X)(p.sku)} at $${p.usdPerMinute.toFixed(3)}/min${p.source === 'input' ? ' (minute-price)' : p.asOf === '' ? '' : ` (prices of ${(0,summary_escape/* escapeText */.X)(p.asOf)})`}`;
    const parts = [`Runner minutes: ${priced}`];
    if (b.billableMinutes !== undefined)
        parts.push(`this job so far **${b.billableMinutes} billable min**${b.cost === undefined ? '' : ` ($${b.cost.toFixed(2)})`}`);
    if (b.monthlyMinutes !== undefined && b.runsPerMonth !== undefined) {
        parts.push(`**${b.monthlyMinutes} min/month**${b.monthlyCost === undefined ? '' : ` ($${b.monthlyCost.toFixed(2)})`} at ${b.runsPerMonth} runs/month${b.runsPerMonthFrom === 'api' ? ' (last 30 days)' : ''}`);
    }
    const d = b.deltas;
    if (d) {
        const sign = (n, digits) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(digits)}`;
        parts.push(`this build vs baseline **${sign(d.minutesDelta, 2)} min/run** (${sign(d.costDelta, 4)} USD)`);
        if (d.monthlyMinutesDelta !== undefined && d.monthlyCostDelta !== undefined && d.runsPerMonth !== undefined) {
            parts.push(`**${sign(d.monthlyMinutesDelta, 0)} min/month** (${sign(d.monthlyCostDelta, 2)} USD at ${d.runsPerMonth} runs/month)`);
        }
    }
    return parts.join(' · ');
}
// asked once per build section: remembered per report, or it is quadratic in builds × stages
const platformsOf = new WeakMap();
function hasPlatforms(r) {
    let has = platformsOf.get(r);
    if (has === undefined) {
        has = r.stages.some((s) => s.platform !== '');
        platformsOf.set(r, has);
    }
    return has;
}
function stages(r) {
    if (r.stages.length === 0)
        return '';
    const plat = hasPlatforms(r);
    const several = r.builds.length > 1;
    // per build, in the Dockerfile's order (model/build.ts), never merged across builds
    const list = r.builds.flatMap((b, i) => b.stages.map((st) => ({
        build: i + 1,
        platform: st.platform,
        name: st.name,
        steps: st.steps.length,
        cached: st.cached,
        seconds: st.seconds,
        wall: st.wall
    })));
    const max = (0,arrays/* maxOf */._)(list.map((s) => s.seconds), 0);
    const wall = list.some((s) => s.wall !== undefined);
    const deltas = r.deltas?.stages;
    // by key, not by search: a report can hold 200,000 stages
    const byStage = new Map(deltas?.map((x) => [`${x.platform}\u0000${x.name}`, x]));
    const deltaOf = (s) => {
        const d = byStage.get(`${s.platform}\u0000${s.name}`);
        return d?.secondsDelta === undefined ? 'new' : (0,format/* formatDurationDelta */.qu)(d.secondsDelta);
    };
    const names = several ? r.builds.map((b) => (0,summary_escape/* escapeText */.X)((0,identity/* buildName */.AL)(b), 120)) : [];
    const rows = list.map((s) => (0,table/* row */.n)([
        ...(several ? [names[s.build - 1] ?? ''] : []),
        (0,summary_escape/* escapeText */.X)(s.name),
        ...(plat ? [(0,summary_escape/* escapeText */.X)(s.platform || '–')] : []),
        String(s.steps),
        String(s.cached),
        `${(0,format/* formatPercent */.l9)((0,analyse/* hitRate */.aK)(s.cached, s.steps))}%`,
        (0,format/* formatDuration */.a3)(s.seconds),
        ...(wall ? [s.wall === undefined ? '' : (0,format/* formatDuration */.a3)(s.wall)] : []),
        ...(deltas ? [deltaOf(s)] : []),
        (0,format/* bar */.M0)(s.seconds, max)
    ]));
    return [
        '### Stages',
        '',
        ...(several ? ["Per build, each in its Dockerfile's order.", ''] : []),
        (0,table/* row */.n)([
            ...(several ? ['Build'] : []),
            'Stage',
            ...(plat ? ['Platform'] : []),
            'Steps',
            'Cached',
            'Hit rate',
            'Step time',
            ...(wall ? ['Wall span'] : []),
            ...(deltas ? ['vs baseline'] : []),
            ''
        ]),
        (0,table/* row */.n)([
            ...(several ? ['---'] : []),
            '---',
            ...(plat ? ['---'] : []),
            '--:',
            '--:',
            '--:',
            '--:',
            ...(wall ? ['--:'] : []),
            ...(deltas ? ['--:'] : []),
            '---'
        ]),
        ...rows,
        ...(plat && r.stages.some((s) => s.platform === '')
            ? ['', "–: BuildKit prints no platform for a step whose name is the same on every platform; each platform's run is still its own step."]
            : []),
        ...(wall && list.some((s) => s.wall === undefined && s.steps > 0 && s.cached === s.steps)
            ? ['', 'A stage whose every step was cached did not run: it has no wall span.']
            : []),
        ...(plat
            ? ['', `By platform: ${r.platforms.map((p) => `${(0,summary_escape/* escapeText */.X)(p.platform || '–')} ${(0,format/* formatPercent */.l9)(p.hitRate)}% (${p.cached}/${p.steps})`).join(' · ')}`]
            : []),
        ''
    ].join('\n');
}
/** `acme/api:ci · stage <code>build</code>, step 7/12`: never `build 7`, which reads like "Build 2". */
function stepLabel(s, r) {
    const b = r.builds[s.build - 1];
    // a build past those kept whole is named by its number
    const build = b ? (r.builds.length > 1 ? `${(0,summary_escape/* escapeText */.X)((0,identity/* buildName */.AL)(b), 120)} · ` : '') : r.totals.builds > 1 ? `build ${String(s.build)} · ` : '';
    return `${build}${stageStep(s.platform, s.stage, s.index, s.count, hasPlatforms(r))}`;
}
function stageStep(platform, stage, index, count, plat) {
    const where = plat && platform !== '' ? ` (${(0,summary_escape/* escapeText */.X)(platform)})` : '';
    return `stage ${(0,summary_escape/* code */.a)(stage, 100)}${where}, step ${index}${count === undefined ? '' : `/${count}`}`;
}
function newMisses(r) {
    const misses = r.deltas?.newMisses ?? [];
    if (misses.length === 0)
        return '';
    return [
        '### New cache misses',
        '',
        'Steps cached in most baseline runs and not in this one.',
        '',
        (0,table/* row */.n)(['Stage', 'Step', 'Time']),
        (0,table/* row */.n)(['---', '---', '--:']),
        ...misses
            .slice(0, 20)
            .map((m) => (0,table/* row */.n)([stageStep(m.platform, m.stage, m.index, undefined, m.platform !== ''), (0,summary_escape/* code */.a)(m.text, 200), (0,format/* formatDuration */.a3)(m.seconds)])),
        ''
    ].join('\n');
}
function breaks(r) {
    if (r.breaks.length === 0)
        return '';
    return [
        '### Cache breaks',
        '',
        'The first step in each stage that ran after cached steps, and the time spent in it and every later step of its stage.',
        '',
        (0,table/* row */.n)(['Stage', 'Step', 'Cached before', 'Ran from here', 'Time from here']),
        (0,table/* row */.n)(['---', '---', '--:', '--:', '--:']),
        ...r.breaks
            .slice(0, 20)
            .map((b) => (0,table/* row */.n)([stepLabel(b.step, r), (0,summary_escape/* code */.a)(b.step.text, 200), String(b.cachedBefore), String(b.stepsAfter), (0,format/* formatDuration */.a3)(b.seconds)])),
        ''
    ].join('\n');
}
function slowest(r) {
    if (r.slowest.length === 0)
        return '';
    return [
        '### Slowest steps',
        '',
        (0,table/* row */.n)(['Stage', 'Step', 'Status', 'Time']),
        (0,table/* row */.n)(['---', '---', '---', '--:']),
        ...r.slowest.map((s) => (0,table/* row */.n)([stepLabel(s, r), (0,summary_escape/* code */.a)(s.text, 200), STATUS[s.status], (0,format/* formatDuration */.a3)(s.seconds)])),
        ''
    ].join('\n');
}
function baseImages(r) {
    // each image once, with every build (and stage) using it
    const several = r.builds.length > 1;
    const byImage = new Map();
    for (const b of r.builds) {
        const name = (0,identity/* buildName */.AL)(b);
        for (const i of b.baseImages) {
            const key = `${i.platform}\u0000${i.image}`;
            const seen = byImage.get(key) ?? { platform: i.platform, image: i.image, users: new Set(), pulled: false, seconds: 0 };
            const user = several ? `${name} (${i.stage})` : i.stage;
            seen.users.add(user);
            seen.pulled ||= i.pulled;
            seen.seconds += i.seconds;
            byImage.set(key, seen);
        }
    }
    if (byImage.size === 0)
        return '';
    const plat = hasPlatforms(r);
    return [
        '### Base images',
        '',
        'FROM is never reported as cached by BuildKit, so it is left out of the hit rate.',
        '',
        (0,table/* row */.n)(['Image', ...(plat ? ['Platform'] : []), several ? 'Used by (stage)' : 'Stage', 'Source', 'Time']),
        (0,table/* row */.n)(['---', ...(plat ? ['---'] : []), '---', '---', '--:']),
        ...[...byImage.values()]
            .slice(0, 30)
            .map((i) => (0,table/* row */.n)([
            (0,summary_escape/* code */.a)(i.image, 200),
            ...(plat ? [(0,summary_escape/* escapeText */.X)(i.platform || '–')] : []),
            (0,summary_escape/* escapeText */.X)([...i.users].slice(0, 10).join(', ') + (i.users.size > 10 ? ` +${i.users.size - 10}` : ''), 600),
            i.pulled ? 'pulled' : 'present',
            (0,format/* formatDuration */.a3)(i.seconds)
        ])),
        ''
    ].join('\n');
}
function allSteps(r) {
    const total = r.builds.reduce((n, b) => n + b.steps.length, 0);
    if (total === 0 && r.builds.every((b) => b.error === undefined))
        return '';
    const sections = r.builds.map((b, i) => buildSection(b, i + 1, r));
    return ['<details><summary>Every step (' + String(total) + ')</summary>', '', ...sections, '</details>', ''].join('\n');
}
function buildSection(b, n, r) {
    const plat = hasPlatforms(r);
    const status = b.status === 'success' ? '' : ` · **${b.status}**`;
    const lines = [
        `#### Build ${n}: ${(0,summary_escape/* escapeText */.X)((0,identity/* buildName */.AL)(b), 200)}`,
        '',
        `${(0,summary_escape/* escapeText */.X)(b.file)}${r.totals.builds > 1 ? ` (#${b.index} in file)` : ''}${b.dockerfile === undefined ? '' : ` · ${(0,summary_escape/* code */.a)(b.dockerfile, 200)}`}`,
        '',
        `${b.steps.filter((s) => s.cached).length} of ${b.steps.length} steps cached · ${(0,format/* formatDuration */.a3)(b.duration)} ${b.durationKind === 'wall' ? 'wall clock' : 'sum of vertex times'}${status}`,
        ''
    ];
    if (b.error !== undefined)
        lines.push(`Error: ${(0,summary_escape/* code */.a)(b.error, 500)}`, '');
    lines.push((0,table/* row */.n)(['Stage', ...(plat ? ['Platform'] : []), '#', 'Step', 'Status', 'Time']), (0,table/* row */.n)(['---', ...(plat ? ['---'] : []), '--:', '---', '---', '--:']));
    for (const st of b.stages) {
        for (const s of st.steps) {
            lines.push((0,table/* row */.n)([
                (0,summary_escape/* escapeText */.X)(s.stage),
                ...(plat ? [(0,summary_escape/* escapeText */.X)(s.platform || '–')] : []),
                `${s.index}/${s.count}`,
                (0,summary_escape/* code */.a)(s.text, 160),
                s.pullSeconds === undefined ? STATUS[s.status] : `cached (layers pulled in ${(0,format/* formatDuration */.a3)(s.pullSeconds)})`,
                s.pullSeconds === undefined ? (0,format/* formatDuration */.a3)(s.seconds) : ''
            ]));
        }
    }
    return `${lines.join('\n')}\n`;
}
function bytes(s) {
    return Buffer.byteLength(s, 'utf8');
}
/** Cuts at a line boundary within max bytes, never inside a UTF-8 sequence. */
function truncateBytes(s, max) {
    const buf = Buffer.from(s, 'utf8').subarray(0, Math.max(0, max));
    const text = buf.toString('utf8').replace(/\uFFFD$/, '');
    const nl = text.lastIndexOf('\n');
    return nl > 0 ? text.slice(0, nl) : text;
}

// EXTERNAL MODULE: ./lib/report/outputs.js
var outputs = __nccwpck_require__(8568);
;// CONCATENATED MODULE: ./lib/report/json-stream.js
/**
 * `JSON.stringify(value, null, 2)` in pieces, the same text: a report of any size is written,
 * where one string of it would pass V8's longest string (about 512 MiB) and take twice the
 * memory on its way to a file as UTF-8. Objects and arrays down to `depth` are walked here; what
 * lies deeper is stringified whole, re-indented (JSON strings hold no raw newline).
 */
function* jsonPieces(value, depth = 2, indent = '') {
    const v = toJsonValue(value);
    if (depth === 0 || v === null || typeof v !== 'object') {
        const s = JSON.stringify(v, null, 2);
        yield indent === '' || s === undefined ? (s ?? 'null') : s.replaceAll('\n', `\n${indent}`);
        return;
    }
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
        if (v.length === 0) {
            yield '[]';
            return;
        }
        yield '[';
        for (let i = 0; i < v.length; i++) {
            yield `${i === 0 ? '' : ','}\n${inner}`;
            // as JSON.stringify: what has no JSON form is null in an array
            yield* jsonable(v[i]) ? jsonPieces(v[i], depth - 1, inner) : ['null'];
        }
        yield `\n${indent}]`;
        return;
    }
    let first = true;
    for (const [k, x] of Object.entries(v)) {
        if (!jsonable(x))
            continue;
        yield `${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `;
        first = false;
        yield* jsonPieces(x, depth - 1, inner);
    }
    yield first ? '{}' : `\n${indent}}`;
}
/** The text of `JSON.stringify(value, null, 2)` and a newline, in blocks of about a MiB. */
function* jsonText(value) {
    yield* blocks(jsonPieces(value));
    yield '\n';
}
/** Pieces joined into blocks of about `size` characters: few writes, none of them large. */
function* blocks(pieces, size = 1 << 20) {
    let parts = [];
    let length = 0;
    for (const p of pieces) {
        parts.push(p);
        length += p.length;
        if (length >= size) {
            yield parts.join('');
            parts = [];
            length = 0;
        }
    }
    if (length > 0)
        yield parts.join('');
}
function toJsonValue(value) {
    if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function')
        return value.toJSON();
    return value;
}
/** What JSON.stringify writes for an object's property (undefined, functions and symbols are left out). */
function jsonable(x) {
    return x !== undefined && typeof x !== 'function' && typeof x !== 'symbol';
}

;// CONCATENATED MODULE: ./lib/gates/policy.js



const MAX_NAMED = 5;
/** `log-files (no-such.log: no such file)`: which inputs gave nothing, and why where known. */
function nothingFrom(e) {
    const why = e.problems.filter((p) => p.input === undefined).map(lib_problems/* describeProblem */.BJ);
    const named = why.length > 0 ? why : e.sources.map((s) => `${s}: no Dockerfile step`);
    const more = named.length > MAX_NAMED ? [`${named.length - MAX_NAMED} more`] : [];
    const detail = [...named.slice(0, MAX_NAMED), ...more].join('; ');
    return `${e.inputs.join(', ')}${detail === '' ? ' found no build' : ` (${detail})`}`;
}
/**
 * The one verdict policy: a failed threshold fails the step (`gate: warn` makes it a warning), a
 * threshold that could not be read fails it too rather than pass silently, so does a threshold
 * set over no Dockerfile step at all unless `fail-on-empty` is false, and run mode's build
 * failing fails it once the report is written.
 */
function judge(gate, mode, inputErrors, build, empty) {
    const messages = [];
    const failures = [];
    for (const c of gate.checks) {
        if (c.verdict === 'pass')
            messages.push({ severity: 'info', text: c.message });
        else if (c.verdict === 'none')
            messages.push({ severity: (0,gates/* gateFor */.Tb)(c.gate)?.unjudged ?? 'notice', text: c.message });
        else if (mode === 'warn')
            messages.push({ severity: 'warning', text: c.message });
    }
    const failed = gate.checks.filter((c) => c.verdict === 'fail');
    if (failed.length > 0 && mode === 'fail')
        failures.push(failed.map((c) => c.message).join('; '));
    // a threshold the user asked for but that cannot be read must not pass silently; a bad `gate`
    // matters only when some threshold is set, and a refused `run` is a build that never ran
    const thresholdSet = gate.checks.length > 0 || inputErrors.some((e) => e.input !== undefined && (0,gates/* gateFor */.Tb)(e.input) !== undefined);
    for (const e of inputErrors) {
        if (e.input === undefined)
            continue;
        if ((0,gates/* gateFor */.Tb)(e.input) !== undefined || e.input === constants/* Input */.pd.Run || (e.input === constants/* Input */.pd.Gate && thresholdSet))
            failures.push(e.message);
    }
    const buildFailed = build !== undefined && build.exitCode !== 0;
    if (empty !== undefined && empty.failOnEmpty && empty.steps === 0 && gate.checks.length > 0 && !buildFailed) {
        const text = `no Dockerfile step was read from ${nothingFrom(empty)}, so ${gate.checks.map((c) => c.gate).join(', ')} judged nothing (set fail-on-empty: false to let this pass)`;
        if (mode === 'warn')
            messages.push({ severity: 'warning', text });
        else
            failures.push(text);
    }
    if (build !== undefined && build.exitCode !== 0) {
        failures.push(`the build failed (exit code ${build.exitCode})${build.error === undefined ? '' : `: ${build.error}`}`);
    }
    return { messages, failures };
}
/**
 * When no report could be made: every threshold the user set fails the step (`gate: warn` makes
 * it a warning) with the reason, so that an internal error never lets a regression pass unjudged.
 */
function judgeWithoutReport(thresholds, mode, reason, inputErrors, build) {
    const { messages, failures } = judge({ verdict: 'none', checks: [] }, mode, inputErrors, build);
    for (const input of thresholds) {
        const text = `could not evaluate ${input}: ${reason}`;
        if (mode === 'warn')
            messages.push({ severity: 'warning', text });
        else
            failures.push(text);
    }
    return { messages, failures };
}

;// CONCATENATED MODULE: ./lib/workflow/locate.js



/** `owner/repo/.github/workflows/ci.yml@refs/heads/main` in its parts; undefined when it is not of that shape. */
function parseWorkflowRef(value) {
    const m = /^([^/@\s]+\/[^/@\s]+)\/(\.github\/workflows\/[^@]+\.ya?ml)@(.+)$/.exec(value.trim());
    if (m === null)
        return undefined;
    const [, repository = '', path = '', ref = ''] = m;
    return { repository, path, ref };
}
/**
 * The workflow file running this job, in the workspace: only when the workflow is of the
 * repository checked out there, the path stays inside the workspace (symlinks followed, by
 * `info`), and it is a regular file, so a FIFO or a link out of the checkout is never read.
 * In a reusable workflow GITHUB_WORKFLOW_REF names the caller's file, and the steps run are not in it.
 */
function workflowPath(env, info) {
    const none = (why) => ({ problem: (0,lib_problems/* notice */.lm)('workflow-file-unknown', `The workflow file is not read: ${why}.`) });
    const value = env.GITHUB_WORKFLOW_REF ?? '';
    const workspace = env.GITHUB_WORKSPACE ?? '';
    if (value === '')
        return none('GITHUB_WORKFLOW_REF is not set');
    if (workspace === '' || !(0,external_node_path_.isAbsolute)(workspace))
        return none('GITHUB_WORKSPACE is not an absolute path');
    const ref = parseWorkflowRef(value);
    if (ref === undefined)
        return none(`GITHUB_WORKFLOW_REF "${value}" does not name a file under .github/workflows`);
    const repository = env.GITHUB_REPOSITORY ?? '';
    if (repository !== '' && repository.toLowerCase() !== ref.repository.toLowerCase())
        return none(`the workflow is of ${ref.repository}, and the workspace holds ${repository}`);
    const rel = (0,external_node_path_.normalize)(ref.path);
    if (rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel))
        return none(`${ref.path} is outside the workspace`);
    const path = (0,external_node_path_.join)(workspace, rel);
    const file = info(path);
    const root = info(workspace);
    if (file === undefined || root === undefined)
        return none(`${rel} is not in the workspace (is the repository checked out?)`);
    const inside = (0,external_node_path_.relative)(root.realPath, file.realPath);
    if (inside === '' || inside.startsWith(`..${external_node_path_.sep}`) || inside === '..' || (0,external_node_path_.isAbsolute)(inside))
        return none(`${rel} leads outside the workspace`);
    if (!file.regularFile)
        return none(`${rel} is not a regular file`);
    return { path, relative: rel };
}
/** PathInfo from the file system: realpath and stat, which neither open nor block on a FIFO. */
function pathInfo(path) {
    try {
        const realPath = (0,external_node_fs_.realpathSync)(path);
        return { realPath, regularFile: (0,external_node_fs_.statSync)(realPath).isFile() };
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./lib/main.js





























/** inputs → sources (logs, build records, a build to run) → analysis → report file, outputs, job summary → gate. */
async function run(io, exec) {
    const got = {};
    try {
        await analyseAndPublish(io, exec, got);
    }
    catch (e) {
        // A defect of ours must never fail the user's build, nor let a threshold pass unjudged.
        got.failure = (0,lib_problems/* errorText */.kc)(e);
        io.warning(`build-insights could not finish its report: ${got.failure}`);
    }
    applyGates(io, got);
}
async function analyseAndPublish(io, exec, got) {
    const { inputs, errors } = getInputs((name) => io.getInput(name), io.env);
    got.inputs = inputs;
    got.errors = errors;
    // an API key in otlp-headers: masked before anything is printed
    for (const s of inputs.otlp?.secrets ?? [])
        io.setSecret(s);
    (0,action_io/* tell */.qz)(io, errors);
    // a matrix's last job: the legs' reports in, one summary and one gate for the whole matrix out
    if (inputs.mergeReports.length > 0) {
        // loaded in a merge job only, as OTLP below is when configured: neither is on every run's start-up
        const { mergeLegs } = await __nccwpck_require__.e(/* import() */ 855).then(__nccwpck_require__.bind(__nccwpck_require__, 5855));
        got.report = await mergeLegs(inputs, io);
        return;
    }
    // every wait below (docker, the Actions cache, the REST API) is bounded by this one budget
    const deadline = new lib_deadline/* Deadline */.B2(inputs.timeout);
    const clients = makeClients(inputs, io, exec, deadline);
    const before = await buildCacheBefore(inputs, clients, io);
    const runnerTemp = io.env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)();
    // the baseline and the REST API's questions that the builds do not change are asked while the
    // builds are read; in run mode, once its build prints (so that loading their clients does not
    // delay its start), the REST questions go out and the baseline's client is loaded, but the
    // baseline is loaded only after the build: its client writes workflow commands (a mask among
    // them), which the runner ignores while the build's output is shown
    const baselineOptions = { baselineFile: inputs.baselineFile, savePolicy: inputs.saveBaseline, name: inputs.baselineName, runnerTemp, cwd: io.cwd, deadline };
    let window;
    const loadBaseline = () => (window ??= loadWindow(baselineOptions, io.env));
    const rest = new RestAround(inputs, clients, io);
    if (!runModeSource.wanted(inputs)) {
        void loadBaseline();
        rest.start(false);
    }
    const collected = await collectBuilds({
        inputs,
        io,
        clients,
        runnerTemp,
        meanwhile: (changesActionsCache) => {
            preloadStore(baselineOptions, io.env);
            rest.start(changesActionsCache);
        }
    });
    void loadBaseline();
    const secrets = collected.secrets;
    if (collected.run)
        got.run = { exitCode: collected.run.exitCode, error: collected.run.error && (0,redact/* redact */.E$)(collected.run.error, secrets).text };
    const around = await measureAround(inputs, clients, before, io, rest);
    const loaded = await loadBaseline();
    const baseline = tellWindow(loaded, io) ?? (inputs.baselineSeed === 'runs' ? await seedWindow(inputs.githubToken, clients, runnerTemp, io) : undefined);
    const problems = [...collected.problems, ...around.problems];
    const options = {
        thresholds: inputs.thresholds,
        now: io.now(),
        secrets,
        onSecret: (s) => {
            io.setSecret(s);
        },
        // what the context read may take comes out of the same budget, with a floor: a slow docker must not cost the causes
        context: {
            context: inputs.context,
            dockerfile: inputs.dockerfile,
            cwd: io.cwd,
            until: Date.now() + Math.max(5_000, Math.min(20_000, deadline.remainingMs()))
        },
        workflow: await readWorkflow(io, problems),
        cacheOptions: collected.cacheOptions
    };
    const report = (0,pipeline/* reportFromBuilds */.m7)(collected.builds, collected.sources, problems, options, { ...around, baseline, job: (0,job/* jobIdentity */.Kv)(io.env, inputs.matrix) });
    got.report = report;
    (0,action_io/* tell */.qz)(io, report.problems);
    // each of these warns when it fails, and the others still happen
    const reportPath = await writeReport(io, inputs, report);
    attempt(io, 'could not set the outputs', () => {
        (0,outputs/* setOutputs */.n0)(io, (0,outputs/* outputsOf */.Yz)(report, reportPath), report.stages);
    });
    if (loaded.store)
        await saveToWindow(loaded.store, baseline ?? [], report, inputs.saveBaseline, io);
    if (inputs.summary)
        await writeSummary(io, report);
    attempt(io, 'could not annotate the Dockerfile', () => {
        annotate(io, report);
    });
    // a cache that was not saved is tomorrow's slow build: said where the job log shows it
    for (const w of failedExports(report))
        io.warning(w);
    if (inputs.otlp) {
        const { exportTelemetry } = await __nccwpck_require__.e(/* import() */ 908).then(__nccwpck_require__.bind(__nccwpck_require__, 9908));
        (0,stdout/* shareStdout */.Tg)();
        await exportTelemetry(report, inputs.otlp, io, deadline);
    }
    const costly = cacheCostWarning(report);
    if (costly !== '')
        io.warning(costly);
    const t = report.totals;
    io.info(`cache hit rate ${t.steps === 0 ? 'n/a' : `${(0,format/* formatPercent */.l9)(t.hitRate)}%`} (${t.cached}/${t.steps} steps) over ${t.builds} build(s)`);
}
const MAX_WORKFLOW_BYTES = 1024 * 1024;
/** The workflow file running this job, from the workspace; on GitHub, why not when it cannot be read. */
async function readWorkflow(io, problems) {
    if (io.env.GITHUB_ACTIONS !== 'true')
        return undefined;
    const located = workflowPath(io.env, pathInfo);
    if ('problem' in located) {
        problems.push(located.problem);
        return undefined;
    }
    const text = (0,regular_file/* readRegularFileText */.yb)(located.path, MAX_WORKFLOW_BYTES);
    if (text === undefined) {
        problems.push((0,lib_problems/* notice */.lm)('workflow-file-unknown', `The workflow file ${located.relative} could not be read: its cache settings are not checked.`));
        return undefined;
    }
    // loaded here: `yaml` is a fifth of the bundle, and only a job on GitHub has a workflow file
    const { parseWorkflow } = await Promise.all(/* import() */[__nccwpck_require__.e(815), __nccwpck_require__.e(746)]).then(__nccwpck_require__.bind(__nccwpck_require__, 746));
    return { parsed: parseWorkflow(text, located.relative), file: located.relative, job: io.env.GITHUB_JOB };
}
// GitHub shows at most 10 annotations of each level per step
const ANNOTATIONS = 10;
/** One notice on the Dockerfile line of each root cause, one warning on the line of each hygiene finding, the costliest first. */
function annotate(io, report) {
    for (const c of report.rootCauses.filter((x) => x.file !== undefined).slice(0, ANNOTATIONS)) {
        const dragged = c.cascade.length === 0 ? '' : ` and ${String(c.cascade.length)} later step${c.cascade.length === 1 ? '' : 's'}`;
        io.notice(`${c.detail}${c.change === undefined ? '' : `. ${c.change}`}. It ran${dragged}: ${(0,format/* formatDuration */.a3)(c.seconds)}.`, {
            file: c.file ?? '',
            line: c.line,
            title: `Cache miss: ${CAUSE_LABEL[c.code]}`
        });
    }
    for (const f of report.findings.slice(0, ANNOTATIONS)) {
        const cost = f.causes.length === 0 ? '' : ` In this run the misses from here on cost ${(0,format/* formatDuration */.a3)(f.seconds)}.`;
        io.warning(`${f.change}${cost}`, { file: f.file, line: f.line, title: `Cache hygiene: ${f.code}` });
    }
}
/** Thresholds and run mode's build, judged whatever happened before: never skipped. */
function applyGates(io, got) {
    const mode = got.inputs?.gate ?? (io.getInput(constants/* Input */.pd.Gate).trim().toLowerCase() === 'warn' ? 'warn' : 'fail');
    const inputErrors = [...(got.errors ?? []), ...(got.report?.problems ?? [])];
    // a report's gate judged every threshold set; without one, each threshold set is named as not evaluated
    const set = gates/* GATES */.JH.filter((g) => io.getInput(g.input).trim() !== '').map((g) => g.input);
    const judgement = got.report
        ? judge(got.report.gate, mode, inputErrors, got.run, {
            failOnEmpty: got.inputs?.failOnEmpty ?? true,
            steps: got.report.totals.steps,
            inputs: sourcesRead(got.inputs),
            problems: got.report.problems,
            sources: got.report.files
        })
        : judgeWithoutReport(set, mode, got.failure ?? 'no report was made', inputErrors, got.run);
    for (const m of judgement.messages)
        io[m.severity](m.text);
    for (const f of judgement.failures)
        io.setFailed(f);
}
/** The inputs the builds were read from, as the user named them. */
function sourcesRead(inputs) {
    if (inputs !== undefined && inputs.mergeReports.length > 0)
        return [constants/* Input */.pd.MergeReports];
    const wanted = inputs === undefined ? [] : SOURCES.filter((s) => s.wanted(inputs)).map((s) => s.name);
    return wanted.length > 0 ? wanted : [`${DEFAULT_SOURCE.name}'s build records`];
}
function attempt(io, what, fn) {
    try {
        fn();
    }
    catch (e) {
        io.warning(`${what}: ${(0,lib_problems/* errorText */.kc)(e)}`);
    }
}
/** Every client the sources and measurements use, made before any of them runs. */
function makeClients(inputs, io, exec, deadline) {
    const repo = (0,client/* repository */.Jk)(io.env);
    const github = repo && inputs.githubToken !== '' ? { ...repo, request: (0,client/* lazyRequest */.Qr)(() => io.githubRequest(inputs.githubToken, deadline)) } : undefined;
    return { exec, buildx: new Buildx(exec, inputs.builder, deadline, engineSocket(io.env, inputs.builder)), github, deadline };
}
/** The JSON report's path, or '' when it could not be written (a warning). */
async function writeReport(io, inputs, report) {
    try {
        // in pieces: a report of any size is written, one string of it may pass V8's longest
        if (io.writeFilePieces)
            await io.writeFilePieces(inputs.reportFile, jsonText(report));
        else
            await io.writeFile(inputs.reportFile, `${JSON.stringify(report, null, 2)}\n`);
        return inputs.reportFile;
    }
    catch (e) {
        io.warning(`${constants/* Input */.pd.ReportFile}: could not write ${inputs.reportFile}: ${(0,lib_problems/* errorText */.kc)(e)}`);
        return '';
    }
}
async function writeSummary(io, report) {
    try {
        await io.appendSummary(renderSummary(report));
    }
    catch (e) {
        io.warning(`could not write the job summary: ${(0,lib_problems/* errorText */.kc)(e)}`);
    }
}


/***/ }),

/***/ 42:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  NJ: () => (/* binding */ modelBuilds),
  Xf: () => (/* binding */ stageKeyOf)
});

// UNUSED EXPORTS: modelBuild

// EXTERNAL MODULE: ./lib/model/step-name.js
var step_name = __nccwpck_require__(3855);
// EXTERNAL MODULE: ./lib/model/identity.js
var identity = __nccwpck_require__(3275);
// EXTERNAL MODULE: ./lib/model/intervals.js
var intervals = __nccwpck_require__(711);
// EXTERNAL MODULE: ./lib/round.js
var round = __nccwpck_require__(9431);
;// CONCATENATED MODULE: ./lib/model/cache-transfer.js



// `importing cache manifest from <x>`: a registry's ref as given, or for the other backends
// `<type>:<n>`, a number BuildKit makes (neither the directory nor the scope). A bake may name it
// with its target first.
const IMPORT = /^importing cache manifest from (\S+)$/;
const NUMBERED = /^([a-z0-9]+):\d+$/;
const NUMBERED_BACKENDS = { local: 'local', gha: 'gha', s3: 's3', azblob: 'azblob' };
// Each exporter's name as BuildKit prints it (Docker 28.5 / buildx 0.29: local and gha seen in
// captured logs; the others are the names in BuildKit's exporters). Older BuildKit printed one
// `exporting cache` for every backend.
const EXPORTS = [
    [/^exporting cache to client directory$/, 'local'],
    [/^exporting cache to registry$/, 'registry'],
    [/^exporting (?:cache )?to GitHub Actions Cache$/, 'gha'],
    [/^exporting cache to Amazon S3$/, 's3'],
    [/^exporting cache to Azure Blob Storage$/, 'azblob'],
    [/^exporting inline cache$/, 'inline'],
    [/^exporting cache(?: to .+)?$/, 'unknown']
];
// buildx looks at a local cache's directory before the build and, finding no index there, says
// so in one client line and imports nothing: no vertex, only this.
const LOCAL_NOT_FOUND = /^WARNING: local cache import at (.+?) not found due to err: (.*)$/;
/** `importing cache manifest from ...`: a `--cache-from`'s vertex (a bake's target left out). */
function isCacheImport(name) {
    return IMPORT.test(name);
}
/** A `--cache-to`'s vertex, whichever backend (a bake's target left out). */
function isCacheExport(name) {
    return EXPORTS.some(([re]) => re.test(name));
}
/** The cache a build imported and exported, read from its vertexes, their errors and the client's lines. */
function cacheTransfer(raw) {
    const bake = raw.vertexes.some((v) => (0,step_name/* isBakeVertex */.id)(v.name));
    const ran = everyStepRan(raw, bake);
    const imports = [];
    const exports = [];
    for (const v of raw.vertexes) {
        if (!v.started && !v.cached)
            continue;
        const name = bake ? v.name.replace(/^\[[^\]\s]+\] /, '') : v.name;
        const from = IMPORT.exec(name)?.[1];
        if (from !== undefined) {
            imports.push(importOf(v, from, ran));
            continue;
        }
        const backend = EXPORTS.find(([re]) => re.test(name))?.[1];
        if (backend !== undefined)
            exports.push(exportOf(v, backend, raw.errors));
    }
    for (const w of raw.warnings) {
        const m = LOCAL_NOT_FOUND.exec(w);
        const [, dir = '', err = ''] = m ?? [];
        if (m)
            imports.push(localNotFound(dir, err, ran));
    }
    return { imports, exports };
}
function importOf(v, from, ran) {
    const numbered = NUMBERED_BACKENDS[NUMBERED.exec(from)?.[1] ?? ''];
    const imp = { backend: numbered ?? 'registry', seconds: seconds(v), result: 'ok' };
    if (numbered === undefined)
        imp.ref = from;
    const failure = failureOf(v, imp.backend);
    if (failure === undefined)
        return imp;
    imp.result = 'failed';
    if (failure.error !== undefined)
        imp.error = failure.error;
    const source = imp.ref === undefined ? '' : ` from ${imp.ref}`;
    imp.explanation = `the ${imp.backend} cache import${source} ${failure.what}: ${afterImport(ran)}`;
    return imp;
}
function exportOf(v, backend, errors) {
    const exp = { backend, seconds: seconds(v), result: 'ok' };
    const failure = failureOf(v, backend);
    if (failure === undefined)
        return exp;
    exp.result = 'failed';
    const error = failure.error;
    if (error !== undefined)
        exp.error = error;
    // without ignore-error=true a failed cache export fails the build, and the client's ERROR repeats it
    const failedBuild = v.error !== undefined && error !== undefined && errors.some((e) => e.includes(error));
    exp.explanation =
        `the ${backend} cache export ${failure.what}: the cache of this run was not saved; the next run will miss` +
            (failedBuild ? '; it failed the build too (ignore-error=true keeps a failed cache export from failing it)' : '');
    return exp;
}
function localNotFound(dir, err, ran) {
    // an index missing from a directory that is there, or no directory to lock at all
    const what = /could not read \S*index\.json/.test(err)
        ? `the local cache at ${dir} held nothing`
        : /could not lock .*no such file or directory/.test(err)
            ? `the local cache directory ${dir} does not exist`
            : `no local cache was found at ${dir}`;
    const imp = { backend: 'local', ref: dir, seconds: 0, result: 'empty', explanation: `${what}: ${afterImport(ran)}` };
    if (err !== '')
        imp.error = err;
    return imp;
}
function afterImport(everyStepRan) {
    return everyStepRan ? 'every step ran' : 'the build went on without it';
}
/** Why a transfer did not work (`failed (HTTP 502 from the cache service)`, `was canceled`), or undefined when it did. */
function failureOf(v, backend) {
    if (v.error !== undefined) {
        const error = firstLine(v.error);
        const c = cause(error, backend);
        return { error, what: c === undefined ? 'failed' : `failed (${c})` };
    }
    if (v.canceled)
        return { error: 'canceled', what: 'was canceled' };
    // started and never ended: the log stops before it did (cut, or the build was killed)
    if (!v.done && !v.cached)
        return { what: 'did not finish' };
    return undefined;
}
// Plain progress prints only an error's first line with the vertex; rawjson has it whole. The
// first line is what both formats tell alike.
function firstLine(s) {
    const nl = s.indexOf('\n');
    return (nl < 0 ? s : s.slice(0, nl)).trim();
}
/** The cause a user can act on, when the error names one. */
function cause(error, backend) {
    const code = /\b(?:error response|unexpected status(?: code)?:?|status code) (\d{3})\b/.exec(error)?.[1];
    if (code !== undefined)
        return `HTTP ${code} from ${backend === 'registry' ? 'the registry' : 'the cache service'}`;
    if (/connection refused/.test(error))
        return 'connection refused';
    if (/no such host/.test(error))
        return 'no such host';
    if (/i\/o timeout|deadline exceeded/.test(error))
        return 'timed out';
    return undefined;
}
/** The build ran Dockerfile steps (FROM left out) and found none cached: what an import would have given, nothing did. */
function everyStepRan(raw, bake) {
    let steps = 0;
    for (const v of raw.vertexes) {
        const step = (0,step_name/* parseStepName */.Zw)(v.name, bake);
        if (step === undefined || step.instruction === 'FROM')
            continue;
        if (v.cached)
            return false;
        steps++;
    }
    return steps > 0;
}
function seconds(v) {
    if (v.intervals.length > 0)
        return (0,round/* round */.LI)((0,intervals/* unionLength */.A)(v.intervals) / 1000, 3);
    return v.seconds ?? 0;
}

;// CONCATENATED MODULE: ./lib/model/phases.js




/** What a build spends its time on around and in its Dockerfile's steps, in the order a build goes through them. */
const PHASES = ['context', 'base-image', 'cache-import', 'steps', 'export', 'push', 'cache-export', 'other'];
/** Where two phases run at once, the moment is counted in the first of these: what runs beside the steps is hidden by them. */
const PRIORITY = ['steps', 'push', 'export', 'cache-export', 'cache-import', 'base-image', 'context', 'other'];
// `[internal] load metadata for <image>` resolves a base image; `[auth] ...` gets a registry token for
// its pull; a `COPY --from=<image>` pulls an image named `FROM docker.io/...` without brackets.
const BASE_IMAGE = /^\[internal\] load metadata for |^\[auth\] |^FROM \S/;
// the Dockerfile, the .dockerignore and the build context are each sent by the client (`transferring ...`)
const CONTEXT = /^\[internal\] load (?:build definition from |local bake definitions|\.dockerignore|build context)|^\[context [^\]]+\] /;
// the exporters' vertexes (`exporting to image`, `exporting to oci image format`, `exporting to client
// directory`), and what `--output type=tar|local` prints; cache exports are told apart before
const EXPORT = /^exporting to |^sending tarballs?$|^copying files/;
const INNER = /^\[[^\]\s/]+ (internal|auth)\] /;
/** The phase of a vertex name; in a bake the target buildx prints first is left out. `step` is the name read as a step, when the caller has read it. */
function phaseOf(name, bake, step = null) {
    const parsed = step === null ? (0,step_name/* parseStepName */.Zw)(name, bake) : step;
    if (parsed)
        return parsed.instruction === 'FROM' ? 'base-image' : 'steps';
    // `[app internal] load build context` → `[internal] load build context`; `[app] exporting to image` → `exporting to image`
    const bare = bake ? (INNER.test(name) ? name.replace(INNER, '[$1] ') : name.replace(/^\[[^\]\s/]+\] /, '')) : name;
    if (BASE_IMAGE.test(bare))
        return 'base-image';
    if (CONTEXT.test(bare))
        return 'context';
    if (isCacheImport(bare))
        return 'cache-import';
    if (isCacheExport(bare))
        return 'cache-export';
    if (EXPORT.test(bare))
        return 'export';
    return 'other';
}
/**
 * The phases of one build's vertexes. With timestamps each moment from the first start to the
 * last end is counted once, in the phase PRIORITY puts first among those running then, or as idle:
 * the phases and idle add up to the wall time. Without, each phase is its vertexes' times added up.
 */
function phasesOf(vertexes, bake, seconds, phase) {
    const tallies = new Map();
    const tally = (p) => {
        let t = tallies.get(p);
        if (!t) {
            t = { seconds: 0, busy: 0, vertexes: 0, lo: Infinity, hi: -Infinity };
            tallies.set(p, t);
        }
        return t;
    };
    const events = [];
    const spanOf = (t, intervals, phase) => {
        for (const [a, b] of intervals) {
            t.lo = Math.min(t.lo, a);
            t.hi = Math.max(t.hi, b);
            if (b >= a)
                events.push([a, phase, 1], [b, phase, -1]);
        }
    };
    let accumulated = 0;
    for (const v of vertexes) {
        if (!v.started && !v.cached)
            continue;
        const p = phase ? phase(v) : phaseOf(v.name, bake);
        const own = seconds(v);
        const t = tally(p);
        t.vertexes++;
        accumulated += own;
        const push = p === 'export' ? v.push : undefined;
        if (push) {
            const pt = tally('push');
            const pushed = push.intervals.length > 0 ? (0,intervals/* unionLength */.A)(push.intervals) / 1000 : push.seconds;
            pt.vertexes++;
            pt.busy += pushed;
            spanOf(pt, push.intervals, 'push');
            // the push is part of the export's own time: counted once, under push
            t.busy += Math.max(0, own - pushed);
        }
        else {
            t.busy += own;
        }
        // a job log's plain progress: the vertex's span from its lines' timestamps
        spanOf(t, v.intervals.length > 0 ? v.intervals : v.at ? [v.at] : [], p);
    }
    const timed = events.length > 0;
    let idle = 0;
    if (timed)
        idle = sweep(events, tallies);
    else
        for (const t of tallies.values())
            t.seconds = t.busy;
    const list = PHASES.flatMap((phase) => {
        const t = tallies.get(phase);
        if (!t)
            return [];
        const p = { phase, seconds: ms(t.seconds), busy: ms(t.busy), vertexes: t.vertexes };
        if (t.lo <= t.hi)
            p.span = [t.lo, t.hi];
        return [p];
    });
    const phases = { kind: timed ? 'wall' : 'sum', list, idle: ms(idle), accumulated: ms(accumulated) };
    const wall = list.reduce((s, p) => s + p.seconds, 0) + idle;
    if (timed && wall > 0)
        phases.parallelism = (0,round/* round */.LI)(accumulated / wall, 2);
    return phases;
}
/** Walks the intervals' ends in time order, giving each stretch to the first running phase in PRIORITY; returns the idle seconds. */
function sweep(events, tallies) {
    events.sort((x, y) => x[0] - y[0]);
    const running = new Map();
    let idle = 0;
    let at = events[0]?.[0] ?? 0;
    for (const [time, phase, delta] of events) {
        if (time > at) {
            const length = (time - at) / 1000;
            const owner = PRIORITY.find((p) => (running.get(p) ?? 0) > 0);
            const t = owner === undefined ? undefined : tallies.get(owner);
            if (t)
                t.seconds += length;
            else
                idle += length;
            at = time;
        }
        running.set(phase, (running.get(phase) ?? 0) + delta);
    }
    return idle;
}
const ms = (seconds) => (0,round/* round */.LI)(seconds, 3);

;// CONCATENATED MODULE: ./lib/model/critical-path.js



/**
 * The chain of vertexes the build's wall time was spent along (rawjson timestamps and `inputs`):
 * from the vertex that ended last, back through the input that ended last, to the first. A vertex
 * BuildKit lists without inputs (an export, a FROM, the context) waited for whatever ended last
 * before it started. Undefined without timestamps.
 */
function criticalPath(vertexes, bake) {
    const timed = new Map();
    for (const v of vertexes) {
        if (v.intervals.length === 0)
            continue;
        let start = Infinity;
        let end = -Infinity;
        for (const [a, b] of v.intervals) {
            start = Math.min(start, a);
            end = Math.max(end, b);
        }
        timed.set(v.key, { v, start, end });
    }
    if (timed.size === 0)
        return undefined;
    const all = [...timed.values()];
    const buildStart = all.reduce((lo, t) => Math.min(lo, t.start), Infinity);
    // ended last; of those, started last (a zero-length vertex at the very end)
    const later = (a, b) => a.end > b.end || (a.end === b.end && a.start > b.start);
    // every interval's end, in order: for the vertexes without inputs, what ended last before a time
    const ends = all.flatMap((t) => t.v.intervals.map(([, b]) => [b, t])).sort((a, b) => a[0] - b[0]);
    const chain = [];
    const seen = new Set();
    let cur = all.reduce((best, t) => (later(t, best) ? t : best));
    while (cur && !seen.has(cur)) {
        seen.add(cur);
        chain.push(cur);
        const at = cur;
        let prev;
        let prevReady = -Infinity;
        for (const key of at.v.inputs ?? []) {
            const t = timed.get(key);
            if (!t || seen.has(t) || t.end > at.end)
                continue;
            // an input run again after this vertex started (a FROM resolved twice) was ready at its earlier end
            const ready = readyAt(t, at.start);
            if (ready > prevReady) {
                prev = t;
                prevReady = ready;
            }
        }
        prev ??= latestBefore(ends, at.start, seen);
        cur = prev;
    }
    chain.reverse();
    let lastEnd = buildStart;
    const links = chain.map((t) => {
        const link = {
            name: t.v.name,
            phase: phaseOf(t.v.name, bake),
            cached: t.v.cached,
            start: s(t.start - buildStart),
            end: s(t.end - buildStart),
            seconds: s((0,intervals/* unionLength */.A)(t.v.intervals)),
            wait: s(Math.max(0, t.start - lastEnd))
        };
        if (t.v.push && t.v.push.intervals.length > 0)
            link.push = s((0,intervals/* unionLength */.A)(t.v.push.intervals));
        lastEnd = Math.max(lastEnd, t.end);
        return link;
    });
    const last = chain.at(-1);
    return {
        links,
        seconds: last ? s(last.end - buildStart) : 0,
        busy: (0,round/* round */.LI)(links.reduce((sum, l) => sum + l.seconds, 0), 3)
    };
}
/** When a vertex was ready for one that started at `time`: its last end by then, else its end. */
function readyAt(t, time) {
    let ready = -Infinity;
    for (const [, b] of t.v.intervals)
        if (b <= time && b > ready)
            ready = b;
    return ready === -Infinity ? t.end : ready;
}
/** The vertex one of whose runs ended last at or before `time`, not yet on the path. */
function latestBefore(ends, time, seen) {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((ends[mid]?.[0] ?? Infinity) <= time)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
        const t = ends[i]?.[1];
        if (t && !seen.has(t))
            return t;
    }
    return undefined;
}
const s = (msecs) => (0,round/* round */.LI)(msecs / 1000, 3);

;// CONCATENATED MODULE: ./lib/model/build.js







// Milliseconds, as BuildKit's timestamps go: a figure made here carries no float noise
// (1.1079999999999999) into the report, and sums of them are rounded again.
const build_ms = (seconds) => (0,round/* round */.LI)(seconds, 3);
function vertexSeconds(v) {
    if (v.intervals.length > 0)
        return build_ms((0,intervals/* unionLength */.A)(v.intervals) / 1000);
    return v.seconds ?? (v.error !== undefined || v.canceled ? v.elapsed : undefined) ?? 0;
}
function stepStatus(v) {
    if (v.cached)
        return 'cached';
    if (v.error !== undefined)
        return 'error';
    if (v.canceled)
        return 'canceled';
    return v.done ? 'done' : 'running';
}
/**
 * The builds a raw build holds: itself, or in a bake (`docker buildx bake`, `docker compose build`)
 * one build per target, each named by its target and tags. BuildKit runs work the targets share
 * once and prints each other target's copy as CACHED (`[api base 4/4] RUN` CACHED beside
 * `[worker base 4/4] RUN` that ran): a step is counted once, under the target whose name it was
 * printed with when it ran; copies of it (same stage, platform, position and text) printed CACHED
 * are left out. A step every target found cached is counted once, under the first printed.
 */
function modelBuilds(raw, index, counted = false) {
    if (!raw.vertexes.some((v) => (0,step_name/* isBakeVertex */.id)(v.name)))
        return [modelBuild(raw, index, false, counted)];
    const targets = new Map();
    const shared = [];
    for (const v of raw.vertexes) {
        const t = (0,step_name/* bakeTarget */.xM)(v.name);
        const list = t === undefined ? shared : targets.get(t);
        if (list)
            list.push(v);
        else if (t !== undefined)
            targets.set(t, [v]);
    }
    if (targets.size === 0)
        return [modelBuild(raw, index, true, counted)];
    const copies = sharedCopies(raw.vertexes);
    const names = [...targets.keys()];
    return names.map((t, i) => {
        const own = (targets.get(t) ?? []).filter((v) => !copies.has(v));
        // the bake's own vertexes (`[internal] load local bake definitions`) go with the first target
        const vertexes = i === 0 ? [...shared, ...own].sort((a, b) => a.order - b.order) : own;
        const mine = (e) => new RegExp(`^target ${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`).test(e);
        const errors = raw.errors.filter((e) => mine(e) || (i === 0 && !names.some((n) => e.startsWith(`target ${n}:`))));
        // a job log's span is the whole bake's: each target's wall is that of its own vertexes
        const target = { ...raw, vertexes };
        delete target.span;
        // the bake's warnings, and the count of its errors and warnings left out, go with the first target
        if (i > 0) {
            delete target.errorsLeftOut;
            delete target.warningsLeftOut;
        }
        const b = modelBuild({ ...target, errors, warnings: i === 0 ? raw.warnings : [] }, index + i, true, counted);
        b.target = t;
        // one import and export for the whole bake, whichever target's name a cache vertex carries
        delete b.cacheTransfer;
        if (i === 0 && !counted)
            setCacheTransfer(b, raw);
        return b;
    });
}
/**
 * In a bake, the CACHED copies of a step that another vertex of the same name (target aside) ran,
 * or every all-cached copy but the first. Only in a named stage whose every step up to it reads
 * the same in all targets: two compose services' unnamed stages (`[api 3/4] COPY . .`,
 * `[jobs 3/4] COPY . .`) are different steps even where their text is the same. (Two targets
 * whose named stages read the same but copy different contexts cannot be told apart by name.)
 */
function sharedCopies(vertexes) {
    const groups = new Map();
    // per stage, the distinct texts at each position over every target: a shared chain has one
    const texts = new Map();
    const parsed = new Map();
    for (const v of vertexes) {
        const p = (0,step_name/* parseStepName */.Zw)(v.name, true);
        if (p === undefined || !(v.started || v.cached) || /^stage-\d+$/.test(p.stage))
            continue;
        parsed.set(v, p);
        const stageKey = `${p.platform}\u0000${p.stage}\u0000${p.count}`;
        const at = texts.get(stageKey) ?? new Map();
        texts.set(stageKey, at);
        const set = at.get(p.index) ?? new Set();
        set.add(p.text);
        at.set(p.index, set);
    }
    for (const [v, p] of parsed) {
        if (p.instruction === 'FROM')
            continue;
        const at = texts.get(`${p.platform}\u0000${p.stage}\u0000${p.count}`);
        let chain = true;
        for (let i = 1; i < p.index && chain; i++)
            chain = (at?.get(i)?.size ?? 1) <= 1;
        if (!chain)
            continue;
        const key = `${p.platform}\u0000${p.stage}\u0000${p.index}/${p.count}\u0000${p.text}`;
        const group = groups.get(key);
        if (group)
            group.push(v);
        else
            groups.set(key, [v]);
    }
    const copies = new Set();
    for (const group of groups.values()) {
        if (group.length < 2)
            continue;
        const keep = group.find((v) => !v.cached) ?? group[0];
        for (const v of group)
            if (v !== keep && v.cached)
                copies.add(v);
    }
    return copies;
}
/**
 * Classifies a build's vertexes into steps, base images and the rest, grouped by stage. A build
 * only `counted` (one past those a report keeps whole) gets its steps, stages, times and status:
 * no images, cache transfer, phases or critical path.
 */
function modelBuild(raw, index, bake = false, counted = false) {
    const steps = [];
    const baseImages = [];
    // where each stage first shows in the log (its FROM included): the order its stages are listed in
    const firstSeen = new Map();
    let otherSeconds = 0;
    let sumSeconds = 0;
    const all = [];
    // each vertex's phase, from the name as read here once
    const phases = new Map();
    for (const v of raw.vertexes) {
        const secs = vertexSeconds(v);
        sumSeconds += secs;
        for (const iv of v.intervals)
            all.push(iv);
        if (v.at && v.intervals.length === 0)
            all.push(v.at);
        const parsed = (0,step_name/* parseStepName */.Zw)(v.name, bake);
        if (!counted)
            phases.set(v, phaseOf(v.name, bake, parsed));
        if (parsed === undefined) {
            otherSeconds += secs;
            continue;
        }
        const stageKey = stageKeyOf(parsed.platform, parsed.stage);
        const seen = firstSeen.get(stageKey) ?? { order: v.order, start: Number.POSITIVE_INFINITY };
        seen.order = Math.min(seen.order, v.order);
        for (const iv of v.intervals)
            seen.start = Math.min(seen.start, iv[0]);
        if (v.at)
            seen.start = Math.min(seen.start, v.at[0]);
        firstSeen.set(stageKey, seen);
        if (parsed.instruction === 'FROM') {
            baseImages.push({
                key: v.key,
                platform: parsed.platform,
                stage: parsed.stage,
                image: parsed.text.replace(/^FROM\s+/i, ''),
                pulled: v.pulled,
                seconds: secs
            });
            continue;
        }
        // the target is the build's (modelBuilds), not each step's; written out, not spread and deleted (a delete makes every step a slow object)
        const step = {
            platform: parsed.platform,
            stage: parsed.stage,
            index: parsed.index,
            count: parsed.count,
            instruction: parsed.instruction,
            text: parsed.text,
            key: v.key,
            name: v.name,
            cached: v.cached,
            status: stepStatus(v),
            seconds: secs
        };
        if (v.cached && secs > 0) {
            step.seconds = 0;
            step.pullSeconds = secs;
        }
        const s = (0,intervals/* span */.L)(v.intervals) ?? v.at;
        if (s)
            step.span = [s[0], s[1]];
        if (v.inputs)
            step.inputs = v.inputs;
        steps.push(step);
    }
    // a job log's lines give the build's wall clock, first line of BuildKit's to last
    const wall = raw.span ?? (0,intervals/* span */.L)(all);
    const failedStep = raw.vertexes.find((v) => v.error !== undefined && (0,step_name/* parseStepName */.Zw)(v.name, bake) !== undefined);
    const canceled = raw.errors.some((e) => /context canceled|^Canceled/i.test(e));
    const failed = raw.errors.length > 0 || failedStep !== undefined;
    const build = {
        file: raw.file,
        format: raw.format,
        index,
        steps,
        baseImages,
        stages: groupStages(steps, firstSeen),
        otherSeconds: build_ms(otherSeconds),
        duration: build_ms(wall ? (wall[1] - wall[0]) / 1000 : sumSeconds),
        durationKind: wall ? 'wall' : 'sum',
        status: canceled && failedStep === undefined ? 'canceled' : failed ? 'failed' : 'success',
        warnings: raw.warnings
    };
    if (!counted) {
        const id = (0,identity/* identify */.ls)(raw.vertexes, undefined, steps.map((st) => st.platform));
        build.images = id.images;
        build.platforms = id.platforms;
        if (id.dockerfile !== undefined)
            build.dockerfile = id.dockerfile;
    }
    if (raw.errorsLeftOut !== undefined)
        build.errorsLeftOut = raw.errorsLeftOut;
    if (raw.warningsLeftOut !== undefined)
        build.warningsLeftOut = raw.warningsLeftOut;
    if (raw.name !== undefined)
        build.name = raw.name;
    if (raw.ref !== undefined)
        build.ref = raw.ref;
    if (raw.step !== undefined)
        build.step = raw.step;
    if (raw.job !== undefined)
        build.job = raw.job;
    if (wall) {
        build.startedAt = wall[0];
        build.completedAt = wall[1];
    }
    const error = raw.errors.at(-1) ?? failedStep?.error;
    if (error !== undefined)
        build.error = error;
    if (counted)
        return build;
    setCacheTransfer(build, raw);
    build.phases = phasesOf(raw.vertexes, bake, vertexSeconds, (v) => phases.get(v) ?? phaseOf(v.name, bake));
    const path = criticalPath(raw.vertexes, bake);
    if (path)
        build.criticalPath = path;
    return build;
}
function setCacheTransfer(build, raw) {
    const transfer = cacheTransfer(raw);
    if (transfer.imports.length > 0 || transfer.exports.length > 0)
        build.cacheTransfer = transfer;
}
/**
 * A stage's key among a build's or a fold's: its name alone when no platform is named (a read
 * step name is shared, so its stage string's hash is worked out once), else platform and name.
 */
function stageKeyOf(platform, stage) {
    return platform === '' ? stage : `${platform}\u0000${stage}`;
}
function inOrder(steps) {
    for (let i = 1; i < steps.length; i++)
        if ((steps[i - 1]?.index ?? 0) > (steps[i]?.index ?? 0))
            return false;
    return true;
}
function groupStages(steps, firstSeen) {
    const byKey = new Map();
    for (const step of steps) {
        const key = stageKeyOf(step.platform, step.stage);
        let stage = byKey.get(key);
        if (!stage) {
            stage = { platform: step.platform, name: step.stage, steps: [], cached: 0, seconds: 0 };
            byKey.set(key, stage);
        }
        stage.steps.push(step);
        if (step.cached)
            stage.cached++;
        stage.seconds += step.seconds;
    }
    for (const stage of byKey.values()) {
        stage.seconds = build_ms(stage.seconds);
        if (!inOrder(stage.steps))
            stage.steps.sort((a, b) => a.index - b.index);
        // a stage that did not run (every step cached) has no wall span
        const s = stage.cached < stage.steps.length ? (0,intervals/* span */.L)(stage.steps.map((st) => st.span)) : undefined;
        if (s)
            stage.wall = build_ms((s[1] - s[0]) / 1000);
    }
    return dockerfileOrder([...byKey.entries()].map(([key, st]) => ({ st, seen: firstSeen.get(key) ?? { order: 0, start: Number.POSITIVE_INFINITY } })));
}
const COPY_FROM = /--from=(\S+)/g;
/**
 * Stages in the Dockerfile's order as far as the log tells it (it holds no line numbers): a stage
 * a `COPY --from=<stage>` names comes before the stage that copies; otherwise stages are in the
 * order they first ran (rawjson: the first start, FROM included) or were first printed (plain:
 * the first `#N` of the stage, FROM included), which follows the FROM chain: `base` before the
 * stages built on it.
 */
function dockerfileOrder(stages) {
    const timed = stages.every((x) => Number.isFinite(x.seen.start));
    const ranked = [...stages].sort((a, b) => (timed ? a.seen.start - b.seen.start : 0) || a.seen.order - b.seen.order).map((x) => x.st);
    // by name, not by search: a build can hold very many stages
    const byName = new Map();
    for (const st of ranked) {
        const same = byName.get(st.name);
        if (same)
            same.push(st);
        else
            byName.set(st.name, [st]);
    }
    const depsOf = (st) => {
        const deps = [];
        for (const s of st.steps) {
            // most steps copy from no stage: the text is searched before a match is made of it
            if (!s.text.includes('--from='))
                continue;
            COPY_FROM.lastIndex = 0;
            for (let m = COPY_FROM.exec(s.text); m; m = COPY_FROM.exec(s.text))
                for (const d of byName.get(m[1] ?? '') ?? [])
                    if (d !== st && d.platform === st.platform)
                        deps.push(d);
        }
        return deps;
    };
    const out = [];
    const placed = new Set();
    const place = (st) => {
        if (placed.has(st))
            return;
        placed.add(st);
        for (const dep of depsOf(st))
            place(dep);
        out.push(st);
    };
    for (const st of ranked)
        place(st);
    return out;
}


/***/ }),

/***/ 3275:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   AL: () => (/* binding */ buildName),
/* harmony export */   ls: () => (/* binding */ identify)
/* harmony export */ });
/* unused harmony export shortImage */
const DEFINITION = /^\[(?:[^\s\]]+ )?internal\] load build definition from (.+)$/;
function identify(vertexes, target, platforms) {
    const images = [];
    let dockerfile;
    for (const v of vertexes) {
        for (const image of v.named ?? []) {
            const short = shortImage(image);
            if (!images.includes(short))
                images.push(short);
        }
        const m = dockerfile === undefined ? DEFINITION.exec(v.name) : null;
        if (m?.[1] !== undefined)
            dockerfile = m[1].trim();
    }
    const id = { images, platforms: [...new Set(platforms.filter((p) => p !== ''))].sort() };
    if (target !== undefined)
        id.target = target;
    if (dockerfile !== undefined)
        id.dockerfile = dockerfile;
    return id;
}
/** `docker.io/library/node:20` → `node:20`, `docker.io/acme/api:ci` → `acme/api:ci`: as users write them. */
function shortImage(image) {
    return image.replace(/^docker\.io\/(?:library\/)?/, '');
}
/** How a build is named: target and images, else images, else the Dockerfile, else its place in its log. */
function buildName(b) {
    const all = b.images ?? [];
    const images = all.length > 2 ? `${all.slice(0, 2).join(', ')} +${all.length - 2}` : all.join(', ');
    if (b.target !== undefined)
        return images === '' ? b.target : `${b.target} (${images})`;
    if (images !== '')
        return images;
    if (b.dockerfile !== undefined && b.dockerfile !== 'Dockerfile')
        return b.dockerfile;
    return b.index === 1 ? b.file : `${b.file} (build ${b.index})`;
}


/***/ }),

/***/ 711:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ unionLength),
/* harmony export */   L: () => (/* binding */ span)
/* harmony export */ });
/** Length of the union of [start, end] intervals: a vertex that ran twice, overlapping or not. */
function unionLength(intervals) {
    if (intervals.length === 0)
        return 0;
    if (intervals.length === 1) {
        const [a, b] = intervals[0] ?? [0, 0];
        return Math.max(0, b - a);
    }
    const sorted = [...intervals].sort((x, y) => x[0] - y[0]);
    let total = 0;
    let [curStart, curEnd] = sorted[0] ?? [0, 0];
    for (const [a, b] of sorted.slice(1)) {
        if (a > curEnd) {
            total += curEnd - curStart;
            curStart = a;
            curEnd = b;
        }
        else if (b > curEnd) {
            curEnd = b;
        }
    }
    return total + (curEnd - curStart);
}
/** Earliest start and latest end, or undefined when nothing has both; an undefined entry is passed over. */
function span(intervals) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const iv of intervals) {
        if (iv === undefined)
            continue;
        const [a, b] = iv;
        if (a < lo)
            lo = a;
        if (b > hi)
            hi = b;
    }
    return lo <= hi ? [lo, hi] : undefined;
}


/***/ }),

/***/ 3855:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Zw: () => (/* binding */ parseStepName),
/* harmony export */   id: () => (/* binding */ isBakeVertex),
/* harmony export */   xM: () => (/* binding */ bakeTarget)
/* harmony export */ });
// `[<platform> <stage> i/n] INSTR ...`; platform and stage are optional, `i` may be space-padded.
// A platform always has a `/`, a stage name never does (Dockerfile stage names are [a-z0-9._-]).
const STEP = /^\[(?:([^\s\]/]+\/[^\s\]]+) +)?(?:([^\s\]/]+) +)?(\d+)\/(\d+)\] +([A-Za-z]+)(?:\s|$)/;
/**
 * Reads a step's name. In a bake (`docker buildx bake`, `docker compose build`) buildx prints the
 * target first: `[api base 3/4] COPY ...`, `[api linux/amd64 base 2/2] ...`, and for a target whose
 * Dockerfile has one unnamed stage `[jobs 3/4] COPY . .` (the target where a stage name would be):
 * a first word is read as the target only when the caller knows the log is a bake's.
 */
function parseStepName(name, bake = false) {
    if (bake) {
        const target = bakeTarget(name);
        if (target === undefined)
            return undefined;
        const inner = parseStepName(`[${name.slice(target.length + 2)}`);
        return inner && { target, ...inner };
    }
    return nameOf(name).step;
}
const readNames = new Map();
const NAMES_KEPT = 4096;
function nameOf(name) {
    let read = readNames.get(name);
    if (read === undefined) {
        if (readNames.size >= NAMES_KEPT)
            readNames.clear();
        const step = readStepName(name);
        read = { step: step && Object.freeze(step), bake: BAKE_MARK.test(name) };
        readNames.set(name, read);
    }
    return read;
}
function readStepName(name) {
    const m = STEP.exec(name);
    if (!m)
        return undefined;
    const [whole, platform = '', stage = 'stage-0', index = '', count = '', instruction = ''] = m;
    const close = name.indexOf(']');
    return {
        platform,
        stage,
        index: Number(index),
        count: Number(count),
        instruction: instruction.toUpperCase(),
        text: whole.length > 0 ? name.slice(close + 1).trim() : name
    };
}
// `[api base 3/4] ...`, `[worker internal] ...`, `[api] exporting to image`: the target is the
// first word in the brackets, followed by a space or the closing bracket.
const TARGETED = /^\[([^\s\]/]+)(?: |\])/;
/** The bake target a vertex name starts with; undefined for `[internal] ...` (the bake's own) and unbracketed names. */
function bakeTarget(name) {
    const m = TARGETED.exec(name);
    const target = m?.[1];
    if (target === undefined || target === 'internal' || target === 'auth')
        return undefined;
    // `[2/3] COPY` has no target; neither does `[base 2/4]` outside a bake, which the caller decides.
    return /^\d+\/\d+$/.test(target) ? undefined : target;
}
const BAKE_MARK = /^\[internal\] load local bake definitions|^\[[^\s\]/]+ internal\] |^\[(?!internal\]|auth\])[^\s\]/]+\] /;
/** A bake prints `[internal] load local bake definitions` and names its other vertexes `[<target> internal]`, `[<target>] ...`. */
function isBakeVertex(name) {
    return nameOf(name).bake;
}


/***/ }),

/***/ 3478:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   dZ: () => (/* binding */ otlpSettings),
/* harmony export */   zA: () => (/* binding */ shownUrl)
/* harmony export */ });
/* unused harmony exports signalUrl, parseHeaders */
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4238);
/* harmony import */ var _problems_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(5451);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5078);



/** The endpoint as it may be shown: scheme, host and path, no user, password or query. */
function shownUrl(url) {
    try {
        const u = new URL(url);
        return `${u.protocol}//${u.host}${u.pathname}`;
    }
    catch {
        return (0,_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(url).text;
    }
}
/** `base` + `/v1/metrics`, with one slash between them, as the OTLP exporter specification appends it. */
function signalUrl(base, signal) {
    return `${base.endsWith('/') ? base : `${base}/`}v1/${signal}`;
}
// RFC 9110 token characters: what an HTTP header name may be made of
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * `api-key=abc,x-tenant=ci` (or one pair a line, as a multi-line input is written); values are
 * percent-decoded as in OTEL_EXPORTER_OTLP_HEADERS. A malformed pair is named by its position,
 * never by its text: it may hold the key.
 */
function parseHeaders(text) {
    const headers = {};
    const bad = [];
    const pairs = text
        .split(/[,\n]/)
        .map((p) => p.trim())
        .filter((p) => p !== '');
    pairs.forEach((pair, i) => {
        const eq = pair.indexOf('=');
        const name = eq < 0 ? '' : pair.slice(0, eq).trim();
        if (!HEADER_NAME.test(name)) {
            bad.push(i + 1);
            return;
        }
        const raw = pair.slice(eq + 1).trim();
        let value = raw;
        try {
            value = decodeURIComponent(raw);
        }
        catch {
            // a lone `%` is kept as written, as the SDKs do
        }
        headers[name] = value;
    });
    return { headers, bad };
}
/** The inputs, or OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_HEADERS where they are empty; undefined when no endpoint is set. */
function otlpSettings(get, env, traces, errors) {
    const fromInput = get(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.OtlpEndpoint).trim();
    const inputHeaders = get(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.OtlpHeaders).trim();
    const endpoint = fromInput || (env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '').trim();
    if (endpoint === '')
        return undefined;
    if (fromInput === '') {
        // the variables may be there for another program of the job (buildx's own traces, a gRPC collector)
        if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true')
            return undefined;
        if ((env.OTEL_EXPORTER_OTLP_PROTOCOL ?? '').trim() === 'grpc') {
            errors.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_2__/* .notice */ .lm)('input-invalid', `no metrics sent to OTEL_EXPORTER_OTLP_ENDPOINT: OTEL_EXPORTER_OTLP_PROTOCOL is grpc, and this action speaks OTLP/HTTP; set ${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.OtlpEndpoint} to the OTLP/HTTP endpoint`));
            return undefined;
        }
    }
    const rawHeaders = inputHeaders || (env.OTEL_EXPORTER_OTLP_HEADERS ?? '').trim();
    const { headers, bad } = parseHeaders(rawHeaders);
    if (bad.length > 0) {
        const which = `pair ${bad.join(', ')} of ${inputHeaders === '' ? 'OTEL_EXPORTER_OTLP_HEADERS' : _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.OtlpHeaders}`;
        errors.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_2__/* .inputProblem */ .oi)(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.OtlpHeaders, '(not shown)', `key=value pairs separated by commas or lines (${which} is not)`));
    }
    let url;
    try {
        url = new URL(endpoint);
    }
    catch {
        url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        errors.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_2__/* .inputProblem */ .oi)(fromInput === '' ? 'OTEL_EXPORTER_OTLP_ENDPOINT' : _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.OtlpEndpoint, shownUrl(endpoint), 'an http or https URL'));
        return undefined;
    }
    const secrets = [...new Set([rawHeaders, ...Object.values(headers)].filter((v) => v !== ''))];
    return { metricsUrl: signalUrl(endpoint, 'metrics'), tracesUrl: signalUrl(endpoint, 'traces'), headers, traces, secrets };
}


/***/ }),

/***/ 3734:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  NJ: () => (/* binding */ modelBuilds),
  m7: () => (/* binding */ reportFromBuilds)
});

// UNUSED EXPORTS: reportFromLogs

// EXTERNAL MODULE: ./lib/sources/log-files.js
var log_files = __nccwpck_require__(1458);
// EXTERNAL MODULE: ./lib/model/build.js + 3 modules
var build = __nccwpck_require__(42);
// EXTERNAL MODULE: ./lib/analysis/analyse.js
var analyse = __nccwpck_require__(3299);
// EXTERNAL MODULE: ./lib/analysis/fold.js
var analysis_fold = __nccwpck_require__(8243);
// EXTERNAL MODULE: ./lib/gates/index.js + 6 modules
var gates = __nccwpck_require__(742);
// EXTERNAL MODULE: ./lib/baseline/entry.js
var entry = __nccwpck_require__(3931);
// EXTERNAL MODULE: ./lib/round.js
var round = __nccwpck_require__(9431);
;// CONCATENATED MODULE: ./lib/baseline/deltas.js


function median(values) {
    if (values.length === 0)
        return undefined;
    const s = [...values].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[m] : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
function medianOrNull(values) {
    return median(values.filter((v) => v !== null)) ?? null;
}
const STEPS_SHOWN = 10;
/** This run against the median of the baseline window. */
function computeDeltas(report, entries) {
    if (entries.length === 0)
        return undefined;
    const t = report.totals;
    const baselineDuration = median(entries.map((e) => e.duration)) ?? 0;
    const baselineHitRate = medianOrNull(entries.map((e) => e.hitRate));
    const comparable = entries.every((e) => e.durationKind === t.durationKind);
    const deltas = {
        runs: entries.length,
        baselineDuration,
        baselineHitRate,
        hitRateDelta: t.hitRate === null || baselineHitRate === null ? null : (0,round/* tenths */.TP)(t.hitRate - baselineHitRate),
        stages: stageDeltas(report, entries),
        ...stepDeltas(report, entries),
        history: [
            ...entries.map((e) => ({
                createdAt: e.createdAt,
                duration: e.duration,
                hitRate: e.hitRate,
                ...(e.billableMinutes === undefined ? {} : { billableMinutes: e.billableMinutes })
            })),
            { createdAt: report.generatedAt, duration: t.duration, hitRate: t.hitRate }
        ]
    };
    if (comparable) {
        deltas.durationDelta = (0,round/* round */.LI)(t.duration - baselineDuration, 3);
        if (baselineDuration > 0)
            deltas.durationDeltaPercent = (0,round/* tenths */.TP)((deltas.durationDelta / baselineDuration) * 100);
    }
    return deltas;
}
function stageDeltas(report, entries) {
    // by key, once: a search per stage is quadratic in the stages
    const byStage = new Map();
    for (const e of entries) {
        for (const b of e.stages) {
            const key = `${b.platform}\u0000${b.name}`;
            const list = byStage.get(key);
            if (list)
                list.push(b);
            else
                byStage.set(key, [b]);
        }
    }
    return report.stages.map((s) => {
        const past = byStage.get(`${s.platform}\u0000${s.name}`) ?? [];
        const d = { platform: s.platform, name: s.name, seconds: s.seconds, hitRate: s.hitRate };
        if (past.length === 0)
            return d;
        const baselineSeconds = median(past.map((p) => p.seconds)) ?? 0;
        const baselineHitRate = medianOrNull(past.map((p) => (p.steps > 0 ? (p.cached / p.steps) * 100 : null)));
        d.baselineSeconds = baselineSeconds;
        d.baselineHitRate = baselineHitRate;
        d.secondsDelta = s.seconds - baselineSeconds;
        d.hitRateDelta = s.hitRate === null || baselineHitRate === null ? null : s.hitRate - baselineHitRate;
        return d;
    });
}
function stepDeltas(report, entries) {
    const past = new Map();
    for (const e of entries) {
        for (const s of e.stepTimes) {
            const p = past.get(s.key) ?? { seconds: [], cached: 0, runs: 0 };
            p.seconds.push(s.seconds);
            p.runs++;
            if (s.cached)
                p.cached++;
            past.set(s.key, p);
        }
    }
    const steps = [];
    const newMisses = [];
    for (const b of report.builds) {
        for (const s of b.steps) {
            const p = past.get((0,entry/* stepKey */.Ug)(s));
            if (!p)
                continue;
            const baselineSeconds = median(p.seconds) ?? 0;
            steps.push({
                platform: s.platform,
                stage: s.stage,
                index: s.index,
                text: s.text,
                seconds: s.seconds,
                baselineSeconds,
                secondsDelta: s.seconds - baselineSeconds
            });
            if (!s.cached && p.cached * 2 > p.runs)
                newMisses.push({ platform: s.platform, stage: s.stage, index: s.index, text: s.text, seconds: s.seconds });
        }
    }
    steps.sort((a, b) => Math.abs(b.secondsDelta) - Math.abs(a.secondsDelta));
    newMisses.sort((a, b) => a.platform.localeCompare(b.platform) || a.stage.localeCompare(b.stage) || a.index - b.index);
    return { steps: steps.filter((s) => s.secondsDelta !== 0).slice(0, STEPS_SHOWN), newMisses };
}

// EXTERNAL MODULE: ./lib/billing/job-billing.js
var job_billing = __nccwpck_require__(8530);
// EXTERNAL MODULE: ./lib/report/schema.js
var schema = __nccwpck_require__(7455);
;// CONCATENATED MODULE: ./lib/report/report.js


function buildReport(p) {
    const a = p.analysis;
    return {
        schemaVersion: schema/* SCHEMA_VERSION */.f,
        generatedAt: p.generatedAt.toISOString(),
        files: p.files,
        totals: a.totals,
        stages: a.stages,
        platforms: a.platforms,
        slowest: a.slowest,
        breaks: a.breaks,
        rootCauses: p.rootCauses ?? [],
        findings: p.findings ?? [],
        builds: a.builds,
        gate: p.gate,
        problems: p.problems,
        ...(p.cache ? { cache: p.cache } : {}),
        ...(p.actionsCache ? { actionsCache: p.actionsCache } : {}),
        ...(p.deltas ? { deltas: p.deltas } : {}),
        ...(p.billing ? { billing: p.billing } : {}),
        ...(p.job ? { job: p.job } : {}),
        ...(p.cacheBenefit ? { cacheBenefit: p.cacheBenefit } : {}),
        ...(p.counted ? { counted: p.counted } : {})
    };
}

// EXTERNAL MODULE: ./lib/redact.js
var redact = __nccwpck_require__(5078);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./lib/problems.js
var lib_problems = __nccwpck_require__(5451);
// EXTERNAL MODULE: ./lib/model/identity.js
var identity = __nccwpck_require__(3275);
// EXTERNAL MODULE: ./lib/regular-file.js
var regular_file = __nccwpck_require__(2454);
// EXTERNAL MODULE: ./lib/dockerfile/parse.js
var parse = __nccwpck_require__(5381);
// EXTERNAL MODULE: ./lib/dockerfile/locate.js
var locate = __nccwpck_require__(2674);
// EXTERNAL MODULE: ./node_modules/@balena/dockerignore/ignore.js
var ignore = __nccwpck_require__(4158);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: ./lib/dockerfile/context.js




// ignore.js sets `module.exports = factory` and its types say `export default`: Node hands the factory over as the default
const dockerignoreRules = ignore;
const CONTEXT_LIMITS = { maxFiles: 50_000, maxBytes: 1024 ** 3, seconds: 10 };
/** A COPY's files past this are named by their top-level folder: the report and the baseline keep every name. */
const MAX_NAMED_FILES = 2_000;
/** Lists the context as BuildKit sees it: `.dockerignore` patterns applied; symbolic links are entries, never followed. */
function listContext(root, dockerignore, limits) {
    const patterns = (dockerignore ?? '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
    const ig = dockerignoreRules().add(patterns);
    // with an exception (`!keep`), a left-out folder may hold files that are sent
    const exceptions = patterns.some((p) => p.startsWith('!'));
    const files = [];
    const walk = (rel) => {
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(root, rel), { withFileTypes: true });
        }
        catch (e) {
            return `${rel === '' ? root : rel}: ${e.message}`;
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const e of entries) {
            const path = rel === '' ? e.name : `${rel}/${e.name}`;
            const out = ig.ignores(path);
            if (e.isDirectory()) {
                if (out && !exceptions)
                    continue;
                const why = walk(path);
                if (why !== undefined)
                    return why;
            }
            else if (!out) {
                files.push(path);
                if (files.length > limits.maxFiles)
                    return `it has more than ${String(limits.maxFiles)} files`;
            }
            if (Date.now() > limits.until)
                return 'listing it took too long';
        }
        return undefined;
    };
    const why = walk('');
    return why === undefined ? { ok: true, listing: { root, files } } : { ok: false, reason: why };
}
/**
 * The context files a COPY or ADD source names: a file, a folder and all below it, or a glob
 * (`*.py`, Go's path.Match) matching files or folders. Undefined when a source matches nothing:
 * then the listing is not this build's context.
 */
function filesOf(listing, sources) {
    const out = new Set();
    for (const raw of sources) {
        const src = raw
            .replace(/^(\.\/)+/, '')
            .replace(/^\/+/, '')
            .replace(/\/+$/, '');
        if (src === '' || src === '.') {
            for (const f of listing.files)
                out.add(f);
            continue;
        }
        const glob = /[*?[]/.test(src);
        const re = glob ? (0,locate/* globRegExp */.u9)(src) : undefined;
        const depth = src.split('/').length;
        let found = false;
        for (const f of listing.files) {
            const head = f.split('/').slice(0, depth).join('/');
            if (re ? re.test(head) : head === src) {
                out.add(f);
                found = true;
            }
        }
        if (!found)
            return undefined;
    }
    return [...out].sort();
}
/** Hashes files (content and the executable bit; a link's target), memoised across copies; undefined past the limits. */
function hashFiles(root, files, memo, limits, budget) {
    const out = {};
    const buf = Buffer.allocUnsafe(1 << 20);
    for (const f of files) {
        let h = memo.get(f);
        if (h === undefined) {
            if (Date.now() > limits.until)
                return undefined;
            const path = (0,external_node_path_.join)(root, f);
            const st = (0,external_node_fs_.lstatSync)(path, { throwIfNoEntry: false });
            if (!st)
                return undefined;
            if (st.isSymbolicLink())
                h = `link:${(0,external_node_fs_.readlinkSync)(path)}`;
            else {
                budget.bytes += st.size;
                if (budget.bytes > limits.maxBytes)
                    return undefined;
                const hash = sha256();
                const fd = (0,external_node_fs_.openSync)(path, 'r');
                try {
                    for (let n = (0,external_node_fs_.readSync)(fd, buf); n > 0; n = (0,external_node_fs_.readSync)(fd, buf))
                        hash.update(buf.subarray(0, n));
                }
                finally {
                    (0,external_node_fs_.closeSync)(fd);
                }
                h = hash.digest('hex').slice(0, 16) + ((st.mode & 0o111) !== 0 ? '+x' : '');
            }
            memo.set(f, h);
        }
        out[f] = h;
    }
    return named(out);
}
/** Past MAX_NAMED_FILES, files below a top-level folder are one entry, `folder/`, hashed together. */
function named(files) {
    const paths = Object.keys(files);
    if (paths.length <= MAX_NAMED_FILES)
        return files;
    const out = {};
    const groups = new Map();
    for (const p of paths) {
        const slash = p.indexOf('/');
        if (slash < 0) {
            out[p] = files[p] ?? '';
            continue;
        }
        const dir = p.slice(0, slash + 1);
        let g = groups.get(dir);
        if (!g)
            groups.set(dir, (g = sha256()));
        g.update(`${p}\u0000${files[p] ?? ''}\u0000`);
    }
    for (const [dir, g] of groups)
        out[dir] = g.digest('hex').slice(0, 16);
    return out;
}
/** node:crypto is loaded when a context is hashed, not at every start. */
function sha256() {
    return process.getBuiltinModule('node:crypto').createHash('sha256');
}

;// CONCATENATED MODULE: ./lib/dockerfile/read.js







const MAX_DOCKERFILE_BYTES = 1024 * 1024;
/**
 * Reads each build's Dockerfile (kept only when it is the one the build ran: most of its steps are
 * its instructions) and, for those, hashes the context files of every COPY and ADD that ran or was
 * cached (step.files), so that a root cause can name the files that changed.
 */
function readBuildContexts(builds, o) {
    const problems = [];
    const files = new Map();
    const context = (0,external_node_path_.resolve)(o.cwd, o.context);
    const until = o.until ?? Date.now() + CONTEXT_LIMITS.seconds * 1000;
    const limits = { maxFiles: CONTEXT_LIMITS.maxFiles, maxBytes: CONTEXT_LIMITS.maxBytes, until };
    const parsed = new Map();
    const listings = new Map();
    const memo = new Map();
    const budget = { bytes: 0 };
    const told = new Set();
    const tellOnce = (p) => {
        if (told.has(p.message))
            return;
        told.add(p.message);
        problems.push(p);
    };
    for (const b of builds) {
        if (b.steps.length === 0)
            continue;
        const path = o.dockerfile !== '' ? (0,external_node_path_.resolve)(o.cwd, o.dockerfile) : (0,external_node_path_.isAbsolute)(b.dockerfile ?? '') ? (b.dockerfile ?? '') : (0,external_node_path_.join)(context, b.dockerfile ?? 'Dockerfile');
        if (!parsed.has(path)) {
            const text = (0,regular_file/* readRegularFileText */.yb)(path, MAX_DOCKERFILE_BYTES);
            if (text === undefined && o.dockerfile !== '')
                tellOnce((0,lib_problems/* warning */.$e)('dockerfile-unread', `dockerfile: ${o.dockerfile} could not be read: Dockerfile lines and cache hygiene are left out`));
            const d = text === undefined ? undefined : (0,parse/* parseDockerfile */.A)(text, relativeName(o.cwd, path));
            parsed.set(path, d);
        }
        const d = parsed.get(path);
        if (!d)
            continue;
        const located = b.steps.filter((s) => (0,locate/* instructionFor */.CR)(d, s) !== undefined).length;
        if (located * 2 < b.steps.length) {
            tellOnce((0,lib_problems/* notice */.lm)('dockerfile-mismatch', `${d.file} is not the Dockerfile of ${(0,identity/* buildName */.AL)(b)} (${String(located)} of its ${String(b.steps.length)} steps are in it): set dockerfile and context`));
            continue;
        }
        // BuildKit takes <Dockerfile>.dockerignore beside the Dockerfile first, else the context's: each read once
        const own = (0,regular_file/* readRegularFileText */.yb)(`${path}.dockerignore`, MAX_DOCKERFILE_BYTES);
        const ignorePath = own !== undefined ? `${path}.dockerignore` : (0,external_node_path_.join)(context, '.dockerignore');
        const dockerignore = own ?? (0,regular_file/* readRegularFileText */.yb)(ignorePath, MAX_DOCKERFILE_BYTES);
        files.set(b, { dockerfile: d, dockerignore, dockerignorePath: relativeName(o.cwd, ignorePath) });
        if (!listings.has(ignorePath)) {
            const listed = listContext(context, dockerignore, limits);
            if (!listed.ok)
                tellOnce((0,lib_problems/* notice */.lm)('context-unread', `the build context ${relativeName(o.cwd, context)} was not read (${listed.reason}): changed files are not named`));
            listings.set(ignorePath, listed.ok ? listed.listing : undefined);
        }
        const listing = listings.get(ignorePath);
        if (!listing)
            continue;
        for (const s of b.steps) {
            if (s.instruction !== 'COPY' && s.instruction !== 'ADD')
                continue;
            const x = (0,locate/* instructionFor */.CR)(d, s);
            const sources = x ? (0,locate/* contextSources */.S1)(x) : [];
            if (sources.length === 0)
                continue;
            const paths = filesOf(listing, sources);
            if (paths === undefined)
                continue;
            const hashed = hashFiles(context, paths, memo, limits, budget);
            if (hashed)
                s.files = hashed;
        }
    }
    return { files, problems };
}
/** A path as annotations want it: relative to the workspace when inside it. */
function relativeName(cwd, path) {
    const base = (0,external_node_path_.resolve)(cwd);
    if (path === base)
        return '.';
    return path.startsWith(`${base}/`) ? path.slice(base.length + 1) : path;
}

;// CONCATENATED MODULE: ./lib/dockerfile/hygiene.js

const INSTALL = /\b(npm\s+(ci|install|i)\b|yarn(\s+install)?\s*($|&&|;|\||--)|pnpm\s+(install|i)\b|pip3?\s+install\b|poetry\s+install\b|uv\s+(sync|pip\s+install)\b|bundle(\s+install)?\s*($|&&|;|--)|go\s+mod\s+download\b|cargo\s+(build|fetch)\b|composer\s+install\b|apt-get\s+install\b|apt\s+install\b)/;
const MANIFEST = /^(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|\.yarnrc\.yml|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.npmrc|requirements.*\.(txt|in)|constraints.*\.txt|pyproject\.toml|poetry\.lock|uv\.lock|Pipfile(\.lock)?|setup\.cfg|Gemfile(\.lock)?|go\.(mod|sum)|Cargo\.(toml|lock)|composer\.(json|lock))$/;
// Some manifest names, to tell whether a glob like `package*.json` or `requirements*.txt` picks manifests
const MANIFEST_NAMES = [
    'package.json',
    'package-lock.json',
    'yarn.lock',
    'pnpm-lock.yaml',
    'requirements.txt',
    'requirements-dev.txt',
    'pyproject.toml',
    'poetry.lock',
    'uv.lock',
    'Gemfile',
    'Gemfile.lock',
    'go.mod',
    'go.sum',
    'Cargo.toml',
    'Cargo.lock',
    'composer.json',
    'composer.lock'
];
// Files no dependency install reads, that change often
const DOCS = /^(README.*|CHANGELOG.*|CONTRIBUTING.*|LICENSE.*|.*\.(md|rst|adoc)|docs?|tests?|examples?)$/i;
// Names of values that are new on every run. VERSION is left out: NODE_VERSION, PYTHON_VERSION pin a tool
const VOLATILE = /(^|_)(GIT_)?(SHA|SHORT_SHA|COMMIT|COMMIT_SHA|REVISION|REF|DATE|BUILD_DATE|BUILD_ID|BUILD_NUMBER|RUN_ID|RUN_NUMBER|TIMESTAMP|TIME|EPOCH)(_|$)/i;
const BUILDING = new Set(['RUN', 'COPY', 'ADD', 'ENV', 'WORKDIR']);
// What a copy of the whole context should leave out, in .dockerignore
const IGNORED = ['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.cache'];
/** Cache hygiene of a parsed Dockerfile; `dockerignore` is the text of `.dockerignore`, undefined when there is none. */
function hygieneFindings(d, dockerignore) {
    const findings = [];
    const add = (code, x, change) => {
        findings.push({ code, file: d.file, line: x.startLine, instruction: x.text, change });
    };
    let wholeContext;
    for (const stage of d.stages) {
        const list = stage.instructions;
        const installAt = list.map((x) => x.keyword === 'RUN' && INSTALL.test(shellText(x)));
        list.forEach((x, n) => {
            const installAfter = installAt.some((yes, m) => yes && m > n);
            if (x.keyword === 'COPY' || x.keyword === 'ADD') {
                const sources = (0,locate/* contextSources */.S1)(x);
                if (sources.length === 0)
                    return;
                const whole = sources.some(isWholeContext);
                if (whole)
                    wholeContext ??= x;
                if (!installAfter)
                    return;
                const install = list.find((_, m) => m > n && installAt[m]);
                const before = install === undefined ? 'the dependency install' : `the install on line ${String(install.startLine)}`;
                const manifests = sources.filter(isManifest);
                const others = sources.filter((s) => !isManifest(s));
                if (whole)
                    add('copy-all-before-install', x, `Copy only the dependency manifests before ${before}, and the rest of the context after it: any change in the context now reinstalls every dependency.`);
                else if (manifests.length > 0 && others.length > 0)
                    add('manifest-with-other-files', x, `Copy ${manifests.join(' ')} on its own before ${before} and ${others.join(' ')} after it: a change to ${others.join(' or ')} now reinstalls every dependency.`);
                else if (others.some((s) => DOCS.test(baseName(s))))
                    add('copy-docs-before-install', x, `Move this copy after ${before}: ${others.filter((s) => DOCS.test(baseName(s))).join(' ')} are not read by it, yet a change to them reinstalls every dependency.`);
            }
            else if (x.keyword === 'RUN') {
                const sh = shellText(x);
                if (/\bapt(-get)?\s+update\b/.test(sh) && !/\bapt(-get)?\s+install\b/.test(sh))
                    add('apt-update-alone', x, 'Run apt-get update in the same RUN as apt-get install (apt-get update && apt-get install -y ...): cached alone, its stale package lists make a later install fail or install old versions.');
            }
            else if (x.keyword === 'ARG' || x.keyword === 'ENV') {
                for (const name of (0,locate/* declaredNames */.ff)(x)) {
                    if (!VOLATILE.test(name))
                        continue;
                    // An ENV with a literal value changes only when the Dockerfile does
                    if (x.keyword === 'ENV' && !/\$/.test(x.args))
                        continue;
                    // Every RUN after an ARG sees it, so its value is in their cache keys; a COPY, ADD, ENV or WORKDIR when it names it.
                    // A LABEL or CMD naming it costs nothing: that is where it belongs
                    const used = list.slice(n + 1).find((y) => (y.keyword === 'RUN' && x.keyword === 'ARG') || (BUILDING.has(y.keyword) && mentions(y, name)));
                    if (used === undefined)
                        continue;
                    add('volatile-arg-early', x, `Declare ${name} as late as possible (after the installs and the build, e.g. just before a LABEL at the end of the stage): it changes on every run and makes line ${String(used.startLine)} and all after it miss the cache.`);
                }
            }
        });
    }
    if (wholeContext !== undefined) {
        if (dockerignore === undefined)
            add('dockerignore-missing', wholeContext, `Add a .dockerignore next to the Dockerfile leaving out ${IGNORED.join(', ')}: this copy takes the whole context, so any change in them misses the cache.`);
        else {
            const missing = IGNORED.filter((name) => !ignored(dockerignore, name));
            if (missing.length > 0)
                add('dockerignore-incomplete', wholeContext, `Add ${missing.join(', ')} to .dockerignore: this copy takes the whole context, so any change in them misses the cache.`);
        }
    }
    return findings.sort((a, b) => a.line - b.line);
}
/** The commands a RUN runs: its shell form, exec form or heredoc bodies. */
function shellText(x) {
    return [x.json === undefined ? x.args : x.json.join(' '), ...x.heredocs.map((h) => h.body)].join('\n');
}
function isWholeContext(s) {
    return /^(\.\/?|\*|\.\/\*)$/.test(s);
}
function baseName(s) {
    return s.replace(/\/+$/, '').split('/').at(-1) ?? s;
}
function isManifest(s) {
    const b = baseName(s);
    if (MANIFEST.test(b))
        return true;
    if (!/[*?[]/.test(b))
        return false;
    const re = (0,locate/* globRegExp */.u9)(b);
    return MANIFEST_NAMES.some((m) => re.test(m));
}
function mentions(x, name) {
    return new RegExp(`\\$(\\{)?${name}\\b`).test([x.args, ...x.flags.map((f) => f.value ?? ''), ...x.heredocs.map((h) => h.body)].join('\n'));
}
/** Whether .dockerignore leaves out a top-level file or folder of this name (or all of them, anywhere). */
function ignored(dockerignore, name) {
    let out = false;
    for (const raw of dockerignore.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const negated = line.startsWith('!');
        const pattern = (negated ? line.slice(1) : line)
            .trim()
            .replace(/^\.?\/+/, '')
            .replace(/\/+$/, '');
        // `name/**` or `name/*` leave out all its content, which is as good for the cache
        const re = (0,locate/* globRegExp */.u9)(pattern.replace(/\/\*\*?$/, ''));
        if (re.test(name))
            out = !negated;
    }
    return out;
}

// EXTERNAL MODULE: ./lib/analysis/root-causes.js
var root_causes = __nccwpck_require__(2113);
// EXTERNAL MODULE: ./lib/workflow/cache-entry.js
var cache_entry = __nccwpck_require__(6558);
;// CONCATENATED MODULE: ./lib/workflow/advice.js

// How a finding says what to write, with the values the step already has.
/** How the step writes a cache setting: an action's input, a flag of a `run:` command, or a bake override. */
function written(s, value, target) {
    if (target !== undefined)
        return `${target}.cache-to=${value}`;
    if (s.kind === 'build' || s.kind === 'bake')
        return `--cache-to ${value}`;
    return `cache-to: ${value}`;
}
/** A cache value with attributes set, CSV as written otherwise. */
function withAttrs(e, set) {
    const attrs = { ...e.attrs, ...set };
    const fields = [`type=${e.type ?? 'gha'}`, ...Object.entries(attrs).map(([k, v]) => `${k}=${/[,"]/.test(v) && !(0,cache_entry/* hasExpression */.xS)(v) ? `"${v}"` : v}`)];
    return fields.join(',');
}
/** The cache-to that writes what `from` reads, with mode=max. */
function exportOf(from) {
    if (from.type === 'registry' && from.attrs.ref !== undefined)
        return `type=registry,ref=${from.attrs.ref},mode=max`;
    if (from.type === 'local')
        return `type=local,dest=${from.attrs.src ?? '/tmp/.buildx-cache'},mode=max`;
    const scope = from.attrs.scope === undefined ? '' : `,scope=${from.attrs.scope}`;
    return `type=${from.type ?? 'gha'},mode=max${scope}`;
}
/** A scope named after what the step builds: its image, its target, else its job. */
function ownScope(s) {
    const image = s.tags.map((t) => (t.split('/').at(-1) ?? '').replace(/[:@].*$/, '')).find((name) => name !== '' && !(0,cache_entry/* hasExpression */.xS)(name) && !name.includes('$'));
    return image ?? s.targets[0] ?? s.job;
}

;// CONCATENATED MODULE: ./lib/workflow/shared-scope.js


// a scope that differs between matrix legs
const PER_LEG = /\$\{\{[^}]*\b(matrix\.|strategy\.job-index)/;
/** Steps writing one gha scope: matrix legs of one step, bake targets of one `*.cache-to`, or two steps building different things. */
function sharedScopes(w, steps) {
    const found = [];
    const writers = new Map();
    for (const s of steps) {
        const job = w.jobs.find((j) => j.id === s.job);
        for (const e of s.cacheTo) {
            if (e.type !== 'gha')
                continue;
            const scope = (0,cache_entry/* ghaScope */.dh)(e);
            const matrix = job?.matrix;
            if (matrix !== undefined && (matrix.legs === undefined || matrix.legs > 1) && !PER_LEG.test(scope) && !s.if.some((x) => x.includes('matrix.'))) {
                const axes = [...matrix.axes.keys()].map((k) => `\${{ matrix.${k} }}`);
                const per = axes.length === 0 ? '${{ strategy.job-index }}' : axes.join('-');
                const own = e.attrs.scope === undefined ? per : `${scope}-${per}`;
                found.push({
                    s,
                    line: e.line,
                    change: `Give each matrix leg its own scope, in cache-from too: ${written(s, withAttrs(e, { mode: 'max', scope: own }), e.target)}; the legs all write scope "${scope}", and each export replaces the others'.`
                });
                continue;
            }
            if (e.target !== undefined && !/^[^*?[]+$/.test(e.target) && s.targets.length > 1) {
                const each = s.targets.map((t) => `${t}.cache-to=${withAttrs(e, { mode: 'max', scope: t })}`).join(' and ');
                found.push({
                    s,
                    line: e.line,
                    change: `Give each target its own scope: ${each}; the targets all write scope "${scope}", and each export replaces the others'.`
                });
                continue;
            }
            const builds = `${s.builds}|${e.target ?? ''}`;
            const first = writers.get(scope);
            if (first === undefined) {
                writers.set(scope, { s, builds, line: e.line });
                continue;
            }
            // a scope that differs between legs or jobs at run time may differ here too
            if (first.builds === builds || (first.s.job !== s.job && (0,cache_entry/* hasExpression */.xS)(scope)))
                continue;
            const own = ownScope(s);
            found.push({
                s,
                line: e.line,
                change: `Give this build its own scope, in cache-from too: ${written(s, withAttrs(e, { mode: 'max', scope: own }), e.target)}; it writes scope "${scope}" as "${first.s.step}" on line ${String(first.line)} does, and each export replaces the other's.`
            });
        }
    }
    return found;
}

;// CONCATENATED MODULE: ./lib/workflow/hygiene.js



// GitHub-hosted runner labels (`ubuntu-24.04`, `ubuntu-24.04-arm`, `windows-2025`, `macos-15-xlarge`): a fresh machine every job
const HOSTED = /^(ubuntu|windows|macos)-[a-z0-9.-]+$/;
// An `if:` that keeps a step away from pull requests, or from those of forks
const NOT_ON_PULL_REQUEST = [
    /github\.event_name\s*!=\s*'pull_request'/,
    /github\.event_name\s*==\s*'(push|schedule|workflow_dispatch|release|merge_group|workflow_run|repository_dispatch)'/,
    /github\.ref\s*==\s*'refs\/(heads|tags)\//,
    /startsWith\(\s*github\.ref\s*,\s*'refs\/(heads|tags)\//,
    /head\.repo\.fork/,
    /head\.repo\.full_name\s*==\s*github\.repository/
];
const ONLY_ON_PULL_REQUEST = [/github\.event_name\s*==\s*'pull_request'/];
const ONLY_ON_SCHEDULE = [/github\.event_name\s*==\s*'schedule'/];
/** The findings of a workflow already parsed, and its build steps: what is checked again once the build is known. */
function findingsOf(w, steps, observed = {}) {
    const file = w.file;
    const findings = [];
    const add = (code, s, line, change, likelyCause = false) => {
        const f = { code, file, line, job: s.job, step: s.step, change };
        if (likelyCause)
            f.likelyCause = true;
        findings.push(f);
    };
    for (const s of steps) {
        const job = w.jobs.find((j) => j.id === s.job);
        missingExport(s, job, steps, add);
        for (const e of s.cacheTo) {
            if ((e.type === 'gha' || e.type === 'registry') && (0,cache_entry/* modeMax */.ig)(e) === false) {
                const what = `${e.attrs.mode === undefined ? 'Add mode=max to' : 'Set mode=max in'} ${written(s, withAttrs(e, { mode: 'max' }), e.target)}`;
                const why = observed.intermediateStagesMissed === true
                    ? "this run's stages before the final one missed the cache, and mode=min exports only the final stage's layers"
                    : `${e.attrs.mode === undefined ? 'the default mode=min' : 'mode=min'} exports only the final stage's layers, so the other stages of a multi-stage build miss the cache on the next run`;
                add('cache-export-mode-min', s, e.line, `${what}; ${why}.`, observed.intermediateStagesMissed);
            }
            if (e.type === 'registry' && w.events.includes('pull_request') && !when(s, NOT_ON_PULL_REQUEST))
                add('registry-cache-on-pull-request', s, e.line, registryOnPullRequest(s, e));
            if (e.type === 'local' && job !== undefined && runner(job) !== 'self-hosted' && !persisted(job, e.attrs.dest)) {
                const dest = e.attrs.dest ?? '/tmp/.buildx-cache';
                add('local-cache-not-persisted', s, e.line, `Keep ${dest} between runs with an actions/cache step before this one (path: ${dest}, key: \${{ runner.os }}-buildx-\${{ github.sha }}, restore-keys: \${{ runner.os }}-buildx-), or write ${written(s, 'type=gha,mode=max', e.target)} instead; the directory is lost with the runner when the job ends.`);
            }
        }
        if (s.noCache !== undefined && !when(s, ONLY_ON_SCHEDULE))
            add('no-cache', s, s.noCache.line, `Remove ${s.noCache.text} (${s.kind === 'build' ? '--pull' : 'pull: true'} is the way to get fresh base images); every step of the build runs again on every run, whatever the cache holds.`);
        for (const stage of s.noCacheFilters)
            add('no-cache-filter', s, stage.line, `Remove ${stage.text} from ${s.kind === 'build' ? '--no-cache-filter' : s.kind === 'build-push-action' ? 'no-cache-filters' : 'no-cache-filter'}; the steps of stage ${stage.text} run again on every run, whatever the cache holds.`);
    }
    for (const x of sharedScopes(w, steps))
        add('shared-cache-scope', x.s, x.line, x.change);
    findings.sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));
    return findings;
}
/** A build that writes no cache: with a cache-from, what it reads stays as old as the last run that wrote it; with none, a fresh runner starts cold. */
function missingExport(s, job, steps, add) {
    // bake reads its cache from the bake file too, which is not read here
    if (s.cacheTo.length > 0 || s.kind === 'bake' || s.kind === 'bake-action')
        return;
    const from = s.cacheFrom.find((e) => e.type !== undefined);
    if (from !== undefined) {
        // another job may write what this one reads; a step run only on pull requests reads what the default branch writes
        if (steps.some((o) => o.cacheTo.some((e) => sameCache(from, e))) || when(s, ONLY_ON_PULL_REQUEST))
            return;
        add('cache-from-without-cache-to', s, s.line, `Add ${written(s, exportOf(from))}; this step reads a cache that no step of this workflow writes, so it stays as old as the last run that wrote it.`);
    }
    else if (s.cacheFrom.length === 0 && s.noCache === undefined && job !== undefined && runner(job) === 'hosted') {
        // the docker driver, there without setup-buildx-action, cannot export a cache
        const builder = job.steps.some((st) => /^docker\/setup-buildx-action@/.test(st.uses ?? '')) ? '' : ', after a docker/setup-buildx-action step';
        const what = s.kind === 'build'
            ? 'Add --cache-from type=gha --cache-to type=gha,mode=max, after docker/setup-buildx-action and crazy-max/ghaction-github-runtime steps (a run step is not given the Actions cache token)'
            : `Add cache-from: type=gha and cache-to: type=gha,mode=max${builder}`;
        add('no-cache-export', s, s.line, `${what}; every run starts on a fresh runner with an empty build cache, so no step is ever cached.`);
    }
}
function registryOnPullRequest(s, e) {
    const why = 'a pull request from a fork gets a read-only GITHUB_TOKEN and no secrets, so the export fails and the build with it';
    if (s.kind === 'build-push-action')
        return `Write the cache only outside pull requests, cache-to: \${{ github.event_name != 'pull_request' && '${withAttrs(e, { mode: 'max' })}' || '' }}; ${why}.`;
    return `Add if: github.event_name != 'pull_request' to this step, and build pull requests in a step without this registry cache-to; ${why}.`;
}
/** Whether a cache-to writes what a cache-from reads. */
function sameCache(from, to) {
    if (from.type !== to.type)
        return false;
    if (from.type === 'gha')
        return (0,cache_entry/* ghaScope */.dh)(from) === (0,cache_entry/* ghaScope */.dh)(to);
    if (from.type === 'registry')
        return from.attrs.ref === to.attrs.ref;
    if (from.type === 'local')
        return from.attrs.src === to.attrs.dest;
    return false;
}
/** Whether an `if:` of the step or its job says so; one with `||` in it may let the other events through, so it says nothing. */
function when(s, conditions) {
    return s.if.some((x) => !x.includes('||') && conditions.some((re) => re.test(x)));
}
function runner(job) {
    if (job.runsOn.includes('self-hosted'))
        return 'self-hosted';
    if (job.runnerGroup || job.runsOn.length === 0)
        return 'unknown';
    const labels = job.runsOn.flatMap((l) => {
        // `runs-on: ${{ matrix.os }}`: the values the matrix gives it
        const axis = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(l)?.[1];
        return axis === undefined ? [l] : (job.matrix?.axes.get(axis) ?? ['${{ }}']);
    });
    if (labels.includes('self-hosted'))
        return 'self-hosted';
    return labels.every((l) => HOSTED.test(l)) ? 'hosted' : 'unknown';
}
/** Whether an actions/cache step of the job keeps the folder: its path holds it, or a step moves it there (Docker's recipe). */
function persisted(job, dest) {
    const norm = (p) => p.trim().replace(/^\.\//, '').replace(/\/+$/, '');
    const paths = job.steps
        .filter((st) => /^actions\/cache(\/save)?@/.test(st.uses ?? ''))
        .flatMap((st) => (st.with.get('path')?.value.text ?? '').split('\n').map(norm))
        .filter((p) => p !== '');
    if (paths.length === 0)
        return false;
    if (dest === undefined || paths.some(cache_entry/* hasExpression */.xS))
        return true;
    const d = norm(dest);
    if (paths.some((p) => d === p || d.startsWith(`${p}/`)))
        return true;
    const moves = job.steps.flatMap((st) => st.run?.text.split('\n') ?? []).filter((l) => /\b(mv|cp|rsync)\b/.test(l) && l.includes(d));
    return moves.some((l) => paths.some((p) => l.includes(p)));
}

;// CONCATENATED MODULE: ./lib/workflow/shell-words.js
/**
 * A shell script's words and operators, as far as finding commands and their flags needs:
 * quotes, backslash escapes, line continuations, comments and heredoc bodies (skipped). A
 * `${{ }}` expression is part of the word it stands in: GitHub replaces it before the shell runs.
 */
function shellTokens(script, continuation) {
    const s = script.text;
    const out = [];
    let n = 0; // line of the script, from 0
    const line = () => (script.literal ? script.line + n : script.line);
    let word;
    let wordLine = 0;
    const heredocs = [];
    const flush = () => {
        if (word !== undefined)
            out.push({ word, line: wordLine });
        word = undefined;
    };
    const add = (text) => {
        if (word === undefined)
            wordLine = line();
        word = (word ?? '') + text;
    };
    for (let i = 0; i < s.length; i++) {
        const c = s[i] ?? '';
        if (c === '\n') {
            flush();
            out.push({ op: '\n', line: line() });
            n++;
            // a heredoc's body starts on the next line and ends at its delimiter alone on a line
            for (const delimiter of heredocs.splice(0)) {
                while (i < s.length) {
                    const next = s.indexOf('\n', i + 1);
                    const text = s.slice(i + 1, next < 0 ? s.length : next);
                    i = next < 0 ? s.length : next;
                    n++;
                    if (text.replace(/^\t+/, '') === delimiter)
                        break;
                }
            }
            continue;
        }
        if (c === continuation && s[i + 1] === '\n') {
            i++;
            n++;
            continue;
        }
        if (c === continuation && s[i + 1] === '\r' && s[i + 2] === '\n') {
            i += 2;
            n++;
            continue;
        }
        if (s.startsWith('${{', i)) {
            const close = s.indexOf('}}', i + 3);
            const stop = close < 0 ? s.length : close + 2;
            add(s.slice(i, stop));
            i = stop - 1;
            continue;
        }
        if (c === ' ' || c === '\t' || c === '\r') {
            flush();
            continue;
        }
        if (c === '#' && word === undefined) {
            while (i + 1 < s.length && s[i + 1] !== '\n')
                i++;
            continue;
        }
        if (c === "'" || c === '"') {
            // a quoted part joins the word it stands in; a line break in it stays in the word
            const start = line();
            let j = i + 1;
            let text = '';
            while (j < s.length && s[j] !== c) {
                if (c === '"' && s[j] === '\\' && j + 1 < s.length)
                    j++;
                if (s[j] === '\n')
                    n++;
                text += s[j] ?? '';
                j++;
            }
            if (word === undefined)
                wordLine = start;
            word = (word ?? '') + text;
            i = j;
            continue;
        }
        if (c === '\\' && i + 1 < s.length) {
            add(s[i + 1] ?? '');
            i++;
            continue;
        }
        const heredoc = /^<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(s.slice(i, i + 100));
        if (heredoc !== null) {
            flush();
            heredocs.push(heredoc[2] ?? '');
            i += heredoc[0].length - 1;
            continue;
        }
        // a redirection and its target (`2>&1`, `> build.log`, `&>/dev/null`) are no words of the command
        const redirect = /^(&>>?|>>|>\||[<>]&[0-9-]|[<>])/.exec(s.slice(i, i + 3));
        if (redirect !== null && !s.startsWith('&&', i)) {
            if (word !== undefined && /^[0-9]+$/.test(word))
                word = undefined;
            flush();
            i += redirect[0].length;
            while (s[i] === ' ' || s[i] === '\t')
                i++;
            if (!/[0-9-]$/.test(redirect[0]))
                while (i < s.length && !/[\s;&|()<>]/.test(s[i] ?? ''))
                    i++;
            i--;
            continue;
        }
        const op = /^(&&|\|\||;;|[;&|()])/.exec(s.slice(i, i + 2));
        if (op !== null) {
            flush();
            out.push({ op: op[0], line: line() });
            i += op[0].length - 1;
            continue;
        }
        add(c);
    }
    flush();
    return out;
}

;// CONCATENATED MODULE: ./lib/workflow/commands.js

// Flags that take a value: buildx 0.29 `docker buildx build --help` and `docker buildx bake --help`.
// `--provenance` and `--sbom` take one only after `=`, as booleans do.
const BUILD_VALUES = new Set([
    '--add-host',
    '--allow',
    '--annotation',
    '--attest',
    '--build-arg',
    '--build-context',
    '--builder',
    '--cache-from',
    '--cache-to',
    '--call',
    '--cgroup-parent',
    '-f',
    '--file',
    '--iidfile',
    '--label',
    '--metadata-file',
    '--network',
    '--no-cache-filter',
    '-o',
    '--output',
    '--platform',
    '--progress',
    '--secret',
    '--shm-size',
    '--ssh',
    '-t',
    '--tag',
    '--target',
    '--ulimit'
]);
const BAKE_VALUES = new Set(['--allow', '--builder', '--call', '-f', '--file', '--list', '--metadata-file', '--progress', '--set']);
// docker 28 and buildx 0.29 global options that take a value, before the subcommand
const GLOBAL_VALUES = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey', '--builder']);
// Words that may stand before a command: `sudo docker build`, `if docker build ...; then`
const PREFIXES = new Set(['sudo', 'time', 'exec', 'command', 'nohup', 'env', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{']);
/** The docker builds a `run:` script runs, with their flags and the line of each. */
function dockerCommands(script, shell) {
    // PowerShell continues a line with a backtick; bash and sh with a backslash
    const continuation = /^(pwsh|powershell)\b/.test(shell ?? '') ? '`' : '\\';
    const commands = [];
    let words = [];
    const end = () => {
        const c = dockerCommand(words);
        if (c !== undefined)
            commands.push(c);
        words = [];
    };
    for (const t of shellTokens(script, continuation)) {
        if ('op' in t)
            end();
        else
            words.push(t);
    }
    end();
    return commands;
}
function dockerCommand(all) {
    let i = 0;
    const word = (n) => all[n]?.word ?? '';
    while (i < all.length && (PREFIXES.has(word(i)) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word(i)) || (i > 0 && word(i).startsWith('-') && word(i - 1) === 'sudo')))
        i++;
    const first = all[i];
    if (first === undefined || !/(^|\/)docker$/.test(first.word))
        return undefined;
    i = skipGlobals(all, i + 1);
    let kind;
    if (word(i) === 'build')
        kind = 'build';
    else if ((word(i) === 'image' || word(i) === 'builder') && word(i + 1) === 'build') {
        kind = 'build';
        i++;
    }
    else if (word(i) === 'buildx') {
        i = skipGlobals(all, i + 1);
        if (word(i) === 'build' || word(i) === 'b')
            kind = 'build';
        else if (word(i) === 'bake' || word(i) === 'f')
            kind = 'bake';
        else
            return undefined;
    }
    else
        return undefined;
    const takesValue = kind === 'build' ? BUILD_VALUES : BAKE_VALUES;
    const c = { kind, line: first.line, flags: [], operands: [] };
    for (let j = i + 1; j < all.length; j++) {
        const w = all[j] ?? { word: '', line: first.line };
        if (!w.word.startsWith('-') || w.word === '-') {
            c.operands.push(w);
            continue;
        }
        const eq = w.word.indexOf('=');
        const name = eq < 0 ? w.word : w.word.slice(0, eq);
        if (eq >= 0)
            c.flags.push({ name, value: w.word.slice(eq + 1), line: w.line });
        else if (takesValue.has(name) && j + 1 < all.length)
            c.flags.push({ name, value: all[++j]?.word, line: w.line });
        else
            c.flags.push({ name, value: undefined, line: w.line });
    }
    return c;
}
function skipGlobals(all, from) {
    let i = from;
    while (all[i]?.word.startsWith('-') === true)
        i += GLOBAL_VALUES.has(all[i]?.word ?? '') ? 2 : 1;
    return i;
}

;// CONCATENATED MODULE: ./lib/workflow/build-steps.js


/** The build steps of a workflow, in the file's order. */
function buildSteps(w) {
    return w.jobs.flatMap((job) => job.steps.flatMap((s) => stepBuilds(job, s)));
}
/** The step's name, else its `uses`, else the first line of its `run`, as the Actions UI names it. */
function stepLabel(s) {
    const run = s.run?.text.split('\n').find((l) => l.trim() !== '');
    return s.name ?? s.uses ?? (run === undefined ? `step on line ${String(s.line)}` : `Run ${run.trim()}`);
}
function stepBuilds(job, s) {
    const base = { job: job.id, step: stepLabel(s), if: [job.if, s.if].filter((x) => x !== undefined) };
    const action = /^docker\/(build-push|bake)-action@/.exec(s.uses ?? '')?.[1];
    if (action === 'build-push')
        return [buildPushAction(s, base)];
    if (action === 'bake')
        return [bakeAction(s, base)];
    if (s.run === undefined)
        return [];
    return dockerCommands(s.run, s.shell).map((c) => (c.kind === 'build' ? buildCommand(c, base) : bakeCommand(c, base)));
}
function buildPushAction(s, base) {
    const input = (name) => s.with.get(name);
    const noCache = input('no-cache');
    const builds = ['context', 'file', 'target', 'platforms', 'build-args'].map((k) => input(k)?.value.text.trim() ?? '').join('|');
    return {
        ...base,
        line: s.line,
        kind: 'build-push-action',
        cacheFrom: entries(input('cache-from')),
        cacheTo: entries(input('cache-to')),
        noCache: noCache !== undefined && isTrue(noCache.value.text) ? { text: `no-cache: ${noCache.value.text}`, line: noCache.keyLine } : undefined,
        noCacheFilters: listed(input('no-cache-filters')).map((x) => ({ text: x.text, line: x.line })),
        targets: [],
        tags: listed(input('tags')).map((x) => x.text),
        builds: `build-push-action|${builds}`
    };
}
function bakeAction(s, base) {
    const input = (name) => s.with.get(name);
    const noCache = input('no-cache');
    const targets = listed(input('targets')).map((x) => x.text);
    const step = {
        ...base,
        line: s.line,
        kind: 'bake-action',
        cacheFrom: [],
        cacheTo: [],
        noCache: noCache !== undefined && isTrue(noCache.value.text) ? { text: `no-cache: ${noCache.value.text}`, line: noCache.keyLine } : undefined,
        noCacheFilters: [],
        targets,
        tags: [],
        builds: `bake|${['files', 'source', 'workdir'].map((k) => input(k)?.value.text.trim() ?? '').join('|')}`
    };
    for (const line of lines(input('set')))
        bakeSet(step, line.text, line.line);
    return step;
}
function buildCommand(c, base) {
    const values = (...names) => c.flags.filter((f) => names.includes(f.name) && f.value !== undefined);
    const noCache = c.flags.find((f) => f.name === '--no-cache' && (f.value === undefined || isTrue(f.value)));
    const builds = [
        c.operands[0]?.word ?? '',
        ...[['-f', '--file'], ['--target'], ['--platform'], ['--build-arg']].map((n) => values(...n)
            .map((f) => f.value)
            .join(','))
    ];
    return {
        ...base,
        line: c.line,
        kind: 'build',
        cacheFrom: values('--cache-from').flatMap((f) => (0,cache_entry/* parseCacheEntry */.I8)(f.value ?? '', f.line) ?? []),
        cacheTo: values('--cache-to').flatMap((f) => (0,cache_entry/* parseCacheEntry */.I8)(f.value ?? '', f.line) ?? []),
        noCache: noCache === undefined ? undefined : { text: noCache.value === undefined ? '--no-cache' : `--no-cache=${noCache.value}`, line: noCache.line },
        noCacheFilters: values('--no-cache-filter').map((f) => ({ text: f.value ?? '', line: f.line })),
        targets: [],
        tags: values('-t', '--tag').map((f) => f.value ?? ''),
        builds: `build|${builds.join('|')}`
    };
}
function bakeCommand(c, base) {
    const noCache = c.flags.find((f) => f.name === '--no-cache' && (f.value === undefined || isTrue(f.value)));
    const step = {
        ...base,
        line: c.line,
        kind: 'bake',
        cacheFrom: [],
        cacheTo: [],
        noCache: noCache === undefined ? undefined : { text: noCache.value === undefined ? '--no-cache' : `--no-cache=${noCache.value}`, line: noCache.line },
        noCacheFilters: [],
        targets: c.operands.map((o) => o.word),
        tags: [],
        builds: `bake|${c.flags
            .filter((f) => f.name === '-f' || f.name === '--file')
            .map((f) => f.value ?? '')
            .join(',')}`
    };
    for (const f of c.flags)
        if (f.name === '--set' && f.value !== undefined)
            bakeSet(step, f.value, f.line);
    return step;
}
/** A bake override `target.key=value` (or `+=`): the cache, no-cache and no-cache-filter of the targets it names. */
function bakeSet(step, text, line) {
    const m = /^\s*([^=\s]+)\.([a-z-]+)\s*\+?=(.*)$/.exec(text);
    if (m === null)
        return;
    const [, target = '*', key, value = ''] = m;
    if (key === 'cache-from' || key === 'cache-to') {
        const e = (0,cache_entry/* parseCacheEntry */.I8)(value, line);
        if (e !== undefined)
            (key === 'cache-from' ? step.cacheFrom : step.cacheTo).push({ ...e, target });
    }
    else if (key === 'no-cache' && isTrue(value.trim()))
        step.noCache ??= { text: text.trim(), line };
    else if (key === 'no-cache-filter')
        for (const stage of splitOutside(value))
            step.noCacheFilters.push({ text: stage, line });
}
/** The cache entries of a `cache-from` or `cache-to` input: one a line, each line CSV. */
function entries(input) {
    return lines(input).flatMap((l) => (0,cache_entry/* parseCacheEntry */.I8)(l.text, l.line) ?? []);
}
/** An input's lines that are not blank, each with its line in the file. */
function lines(input) {
    if (input === undefined)
        return [];
    const v = input.value;
    return v.text.split('\n').flatMap((text, n) => (text.trim() === '' ? [] : [{ text: text.trim(), line: v.literal ? v.line + n : v.line }]));
}
/** A list input split as docker's actions split it: by line, then by comma outside an expression. */
function listed(input) {
    return lines(input).flatMap((l) => splitOutside(l.text).map((text) => ({ text, line: l.line })));
}
function splitOutside(text) {
    const parts = text.split(/,(?![^{]*\}\})/);
    return parts.map((p) => p.trim()).filter((p) => p !== '');
}
/** A literal true, as docker's actions read a boolean; an expression decides at run time, so it is not one. */
function isTrue(text) {
    return !(0,cache_entry/* hasExpression */.xS)(text) && /^(true|1|t)$/i.test(text.trim());
}

;// CONCATENATED MODULE: ./lib/analysis/cache-settings.js

/**
 * What the build's settings say of its cache where the log does not: an import's scope or ref
 * (BuildKit prints a gha import as `gha:<n>`), an export's mode (printed nowhere). Only where one
 * setting of the same type was given, so that it is surely that one.
 */
function fillCacheSettings(builds, cacheFrom, cacheTo) {
    const one = (list, type) => {
        const same = list.filter((e) => e.type === type);
        return same.length === 1 ? same[0] : undefined;
    };
    for (const b of builds) {
        for (const i of b.cacheTransfer?.imports ?? []) {
            const e = i.ref === undefined ? one(cacheFrom, i.backend) : undefined;
            if (!e)
                continue;
            const ref = e.type === 'gha' ? `scope=${(0,cache_entry/* ghaScope */.dh)(e)}` : (e.attrs.ref ?? e.attrs.src);
            if (ref !== undefined)
                i.ref = ref;
        }
        for (const x of b.cacheTransfer?.exports ?? []) {
            const e = x.mode === undefined ? one(cacheTo, x.backend) : undefined;
            const max = e && (0,cache_entry/* modeMax */.ig)(e);
            if (max !== undefined)
                x.mode = max ? 'max' : 'min';
            if (e && x.ref === undefined) {
                const ref = e.type === 'gha' ? `scope=${(0,cache_entry/* ghaScope */.dh)(e)}` : (e.attrs.ref ?? e.attrs.dest);
                if (ref !== undefined)
                    x.ref = ref;
            }
        }
    }
}

;// CONCATENATED MODULE: ./lib/analysis/explain.js








/** The root cause of every miss of every build, and the Dockerfile and workflow hygiene findings with their cost. */
function explain(builds, x) {
    const baseline = x.baseline && (0,entry/* baselineSteps */.LH)(x.baseline);
    // parsed once: its build steps tell the options of the build, its findings are judged once the causes are known
    const workflow = x.workflow?.parsed;
    const steps = workflow ? buildSteps(workflow) : [];
    const mine = (job) => x.workflow?.job === undefined || !steps.some((st) => st.job === x.workflow?.job) || job === x.workflow.job;
    const jobSteps = steps.filter((st) => mine(st.job));
    // the options of the one step that built, when the job has one: what --no-cache it gave
    const only = jobSteps.length === 1 ? jobSteps[0] : undefined;
    let workflowNoCache;
    if (only?.noCache?.text === 'true' || only?.noCache?.text === '--no-cache')
        workflowNoCache = true;
    else if (only && only.noCacheFilters.length > 0)
        workflowNoCache = only.noCacheFilters.flatMap((f) => f.text.split(/[\s,]+/)).filter((w) => w !== '' && !w.startsWith('-'));
    if (only)
        fillCacheSettings(builds, only.cacheFrom, only.cacheTo);
    const noCache = x.noCache ?? (workflowNoCache === undefined ? undefined : () => workflowNoCache);
    const causes = builds.flatMap((b, i) => (0,root_causes/* rootCauses */.FQ)(b, i + 1, {
        ...(baseline ? { baseline } : {}),
        dockerfile: (bb) => x.files.get(bb)?.dockerfile,
        ...(x.imports ? { imports: x.imports } : {}),
        ...(noCache ? { noCache } : {})
    }));
    causes.sort((a, b) => b.seconds - a.seconds);
    const intermediate = causes.filter((c) => c.code === 'cache-not-available' && !isFinal(builds[c.build - 1], c.step.stage));
    const findings = new Map();
    const seen = new Set();
    for (const f of x.files.values()) {
        if (seen.has(f.dockerfile))
            continue;
        seen.add(f.dockerfile);
        for (const h of hygieneFindings(f.dockerfile, f.dockerignore)) {
            const file = h.code.startsWith('dockerignore') ? f.dockerignorePath : h.file;
            const key = `${h.code}\u0000${file}\u0000${String(h.line)}`;
            if (findings.has(key))
                continue;
            findings.set(key, {
                source: 'dockerfile',
                code: h.code,
                file,
                line: h.code.startsWith('dockerignore') ? 1 : h.line,
                subject: h.instruction,
                change: h.change,
                seconds: 0,
                causes: []
            });
        }
    }
    // each cause counts towards the findings of its own Dockerfile whose line is at or before it in its stage
    for (const [n, c] of causes.entries()) {
        const b = builds[c.build - 1];
        const f = b && x.files.get(b);
        if (!f || c.line === undefined)
            continue;
        const stage = (0,locate/* stageNamed */.J3)(f.dockerfile, c.step.stage);
        const at = (0,locate/* instructionFor */.CR)(f.dockerfile, c.step);
        for (const finding of findings.values()) {
            if (finding.file !== f.dockerfile.file && finding.file !== f.dockerignorePath)
                continue;
            if (!affects(finding.code, finding.line, c, stage?.instructions.some((i) => i.startLine === finding.line) ?? false, at?.text))
                continue;
            finding.seconds += c.seconds;
            finding.causes.push(n + 1);
        }
    }
    if (x.workflow && workflow) {
        const observed = findingsOf(workflow, steps, { intermediateStagesMissed: intermediate.length > 0 });
        for (const w of observed.filter((f) => mine(f.job))) {
            const explained = workflowCauses(w.code, w.likelyCause === true, causes, intermediate);
            findings.set(`${w.code}\u0000${w.file}\u0000${String(w.line)}`, {
                source: 'workflow',
                code: w.code,
                file: w.file,
                line: w.line,
                subject: `${w.job}: ${w.step}`,
                change: w.change,
                seconds: explained.reduce((t, c) => t + c.seconds, 0),
                causes: explained.map((c) => causes.indexOf(c) + 1)
            });
        }
    }
    for (const f of findings.values())
        f.seconds = (0,round/* tenths */.TP)(f.seconds);
    return {
        rootCauses: causes,
        findings: [...findings.values()].sort((a, b) => b.seconds - a.seconds || a.file.localeCompare(b.file) || a.line - b.line),
        problems: workflow?.problems ?? []
    };
}
/** The misses a workflow finding explains: what no cache, a min-mode export or a shared scope leaves uncached. */
function workflowCauses(code, likely, causes, intermediate) {
    switch (code) {
        case 'cache-export-mode-min':
            return likely ? intermediate : [];
        case 'no-cache-export':
        case 'cache-from-without-cache-to':
        case 'shared-cache-scope':
        case 'local-cache-not-persisted':
            return causes.filter((c) => c.code === 'cache-not-available');
        case 'no-cache':
        case 'no-cache-filter':
            return causes.filter((c) => c.code === 'never-cached');
        default:
            return [];
    }
}
/** The stage the image is made of: the last the build lists. */
function isFinal(b, stage) {
    return b?.stages.at(-1)?.name === stage;
}
/** Whether a miss is one a finding explains: a changed-files miss for .dockerignore, else a miss at or after its line in its stage. */
function affects(code, line, c, sameStage, text) {
    if (code === 'dockerignore-missing' || code === 'dockerignore-incomplete')
        return c.code === 'files-changed' && text !== undefined && /^(COPY|ADD)\b/.test(text);
    return sameStage && c.line !== undefined && c.line >= line;
}

// EXTERNAL MODULE: ./lib/baseline/cache-benefit.js
var cache_benefit = __nccwpck_require__(6027);
;// CONCATENATED MODULE: ./lib/pipeline.js













const pipeline_entries = (values) => values.flatMap((v) => (0,cache_entry/* parseCacheEntry */.I8)(v, 0) ?? []);

/** Log files in, report out (the CLI). */
async function reportFromLogs(patterns, options, extras = {}) {
    const fold = new BuildFold();
    const read = await readLogFiles(patterns, options.cwd, undefined, (b) => {
        fold.add(b);
    });
    return reportFromBuilds(fold, read.files, read.problems, options, extras);
}
/** Builds from any source in, report out: analysis, then deltas, cost and gates from it, then the report once. */
function reportFromBuilds(raw, sources, problems, options, extras = {}) {
    // Before anything is derived from them: BuildKit prints build-arg values in step names.
    const redactor = new redact/* Redactor */.pO(options.secrets ?? []);
    const fold = raw instanceof analysis_fold/* BuildFold */.O ? raw : analysis_fold/* BuildFold */.O.of(raw);
    const builds = fold.kept.map((b) => (0,redact/* redactBuild */.EN)(b, redactor));
    const told = problems.map((p) => ({ ...p, message: redactor.text(p.message) }));
    const files = sources.map((s) => redactor.text(s));
    const models = modelBuilds(builds);
    const given = options.cacheOptions;
    if (given)
        fillCacheSettings(models, pipeline_entries(given.cacheFrom), pipeline_entries(given.cacheTo));
    const read = options.context ? readBuildContexts(models, options.context) : { files: new Map(), problems: [] };
    const all = (0,analyse/* foldOf */.Lc)(models);
    all.merge(fold.counted, models.length, (t) => redactor.text(t));
    const analysis = all.result(models);
    for (const s of redactor.found)
        options.onSecret?.(s);
    const explained = explain(models, {
        files: read.files,
        baseline: extras.baseline?.at(-1),
        imports: (b) => b.cacheTransfer?.imports ?? [],
        workflow: options.workflow,
        noCache: options.cacheOptions?.noCache === undefined ? undefined : () => options.cacheOptions?.noCache
    });
    const generatedAt = options.now.toISOString();
    const deltas = extras.baseline === undefined ? undefined : computeDeltas({ ...analysis, generatedAt }, extras.baseline);
    const billing = extras.billing ? (0,job_billing/* priceBuild */.c)(extras.billing, options.now, deltas?.durationDelta) : undefined;
    return buildReport({
        analysis,
        files,
        problems: [...told, ...read.problems, ...explained.problems],
        generatedAt: options.now,
        rootCauses: explained.rootCauses,
        findings: explained.findings,
        gate: (0,gates/* evaluateGates */.ud)(options.thresholds, analysis.totals, deltas, analysis),
        cache: extras.cache,
        actionsCache: extras.actionsCache,
        deltas,
        billing,
        cacheBenefit: models.length > 0 ? (0,cache_benefit/* cacheBenefit */.IN)(models, extras.baseline, billing?.price) : undefined,
        job: extras.job,
        counted: fold.countedOnly === 0 ? undefined : { first: models.length + 1, builds: fold.countedOnly, breaksLeftOut: fold.counted.breaksNotKept }
    });
}
/** Numbers each build within its file, in the order read; a bake's targets are builds of their own. */
function modelBuilds(raw) {
    const perFile = new Map();
    return raw.flatMap((b) => {
        const builds = (0,build/* modelBuilds */.NJ)(b, (perFile.get(b.file) ?? 0) + 1);
        perFile.set(b.file, (perFile.get(b.file) ?? 0) + builds.length);
        return builds;
    });
}


/***/ }),

/***/ 5451:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   BJ: () => (/* binding */ describeProblem),
/* harmony export */   CC: () => (/* binding */ problem),
/* harmony export */   kc: () => (/* binding */ errorText),
/* harmony export */   lm: () => (/* binding */ notice),
/* harmony export */   oi: () => (/* binding */ inputProblem)
/* harmony export */ });
function problem(code, message, where = {}, severity = 'warning') {
    const p = { code, severity, message };
    if (where.file !== undefined)
        p.file = where.file;
    if (where.line !== undefined)
        p.line = where.line;
    return p;
}
/** What is expected now and then (no baseline yet, no token), told as a notice. */
function notice(code, message) {
    return { code, severity: 'notice', message };
}
/** What went wrong and costs the report something, told as a warning. */
function warning(code, message) {
    return { code, severity: 'warning', message };
}
/** An input whose value cannot be used: `min-cache-hit-rate: "abc" is not a number between 0 and 100`. */
function inputProblem(input, value, expected) {
    return { code: 'input-invalid', severity: 'warning', message: `${input}: "${value}" is not ${expected}`, input, value, expected };
}
function describeProblem(p) {
    const where = p.file === undefined ? '' : p.line === undefined ? `${p.file}: ` : `${p.file}:${p.line}: `;
    return `${where}${p.message}`;
}
/** The message of anything thrown, for a warning or a problem: never a stack. */
function errorText(e) {
    return e instanceof Error ? e.message : String(e);
}


/***/ }),

/***/ 1681:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  V: () => (/* binding */ ProgressReader)
});

// EXTERNAL MODULE: ./lib/progress/lines.js
var lines = __nccwpck_require__(9804);
;// CONCATENATED MODULE: ./lib/progress/bytes.js

/**
 * The most bytes of one line (or of the text around rawjson objects) kept: enough that what they
 * decode to is longer than `MAX_LINE` units whenever bytes were dropped (a unit takes at most 3
 * bytes, a surrogate pair 4), so a line is cut where the string reader cut it.
 */
const KEEP = 4 * lines/* MAX_LINE */.MV;
/** Text pushed as strings (tests, callers that hold strings) as UTF-8, a surrogate pair never split between two chunks. */
class Utf8Encoder {
    high = '';
    encode(s) {
        if (this.high !== '') {
            s = this.high + s;
            this.high = '';
        }
        const last = s.charCodeAt(s.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
            this.high = s.slice(-1);
            s = s.slice(0, -1);
        }
        return Buffer.from(s, 'utf8');
    }
    end() {
        const rest = Buffer.from(this.high, 'utf8');
        this.high = '';
        return rest;
    }
}
/**
 * The bytes of a line or of a piece of text that spans chunks: the pieces are copied (a reader
 * may fill the same buffer again), joined once when the line ends; past `KEEP` bytes they are
 * counted, not kept.
 */
class PendingBytes {
    pieces = [];
    length = 0;
    dropped = 0;
    add(chunk, start, end) {
        if (end <= start)
            return;
        const room = KEEP - this.length;
        if (room <= 0) {
            this.dropped += end - start;
            return;
        }
        if (end - start > room) {
            this.dropped += end - start - room;
            end = start + room;
        }
        this.pieces.push(Buffer.from(chunk.subarray(start, end)));
        this.length += end - start;
    }
    get empty() {
        return this.length === 0 && this.dropped === 0;
    }
    /** Everything kept, as one buffer. */
    peek() {
        if (this.pieces.length > 1)
            this.pieces = [Buffer.concat(this.pieces, this.length)];
        return this.pieces[0] ?? EMPTY;
    }
    /** Everything kept, as one buffer; empties it. */
    take() {
        const b = this.pieces.length === 1 ? (this.pieces[0] ?? EMPTY) : Buffer.concat(this.pieces, this.length);
        this.clear();
        return b;
    }
    clear() {
        this.pieces = [];
        this.length = 0;
        this.dropped = 0;
    }
}
const EMPTY = Buffer.alloc(0);
/**
 * A line's bytes as text, cut to its first `MAX_LINE` units as the string reader cut it;
 * `cut` says it was.
 */
function lineText(buf, start, end, dropped) {
    const text = buf.toString('utf8', start, end);
    if (dropped === 0 && text.length <= lines/* MAX_LINE */.MV)
        return { text, cut: false };
    return { text: text.slice(0, lines/* MAX_LINE */.MV), cut: true };
}
/** Counts one more long line (first: where the first one is). */
function countLong(long, at) {
    if (long) {
        long.count++;
        return long;
    }
    return { count: 1, first: at };
}
/**
 * Splits bytes into lines without making a string of any: each line is handed on as a range of
 * a buffer (its CR of a CRLF left out), with the bytes dropped past `KEEP` when it was longer. A
 * line inside one chunk is a view of that chunk; one that spans chunks is joined once, at its end.
 */
class ByteLines {
    onLine;
    pending = new PendingBytes();
    /** The last byte given of the pending line (a CR of a CRLF cut between chunks). */
    lastByte = -1;
    constructor(onLine) {
        this.onLine = onLine;
    }
    write(chunk) {
        let start = 0;
        const n = chunk.length;
        if (!this.pending.empty) {
            const nl = chunk.indexOf(10);
            if (nl < 0) {
                this.keep(chunk, 0, n);
                return;
            }
            this.keep(chunk, 0, nl);
            this.flush();
            start = nl + 1;
        }
        for (;;) {
            const nl = chunk.indexOf(10, start);
            if (nl < 0)
                break;
            this.onLine(chunk, start, nl > start && chunk[nl - 1] === 13 ? nl - 1 : nl, 0);
            start = nl + 1;
        }
        if (start < n)
            this.keep(chunk, start, n);
    }
    /** A last line without a newline is still a line. */
    end() {
        if (!this.pending.empty)
            this.flush();
    }
    keep(chunk, start, end) {
        if (end <= start)
            return;
        this.pending.add(chunk, start, end);
        this.lastByte = chunk[end - 1] ?? -1;
    }
    flush() {
        // The CR of a CRLF is not part of the line: not kept, and not what makes it too long.
        let dropped = this.pending.dropped;
        const cr = this.lastByte === 13;
        const line = this.pending.take();
        let end = line.length;
        if (cr) {
            if (dropped > 0)
                dropped--;
            else
                end--;
        }
        this.lastByte = -1;
        this.onLine(line, 0, end, dropped);
    }
}
/** Whether buf holds word at i, within the line that ends at end. */
function startsWith(buf, i, end, word) {
    if (end - i < word.length)
        return false;
    for (let k = 0; k < word.length; k++)
        if (buf[i + k] !== word[k])
            return false;
    return true;
}
/**
 * A character past ASCII that String.prototype.trim removes: U+00A0, U+1680, U+2000 to U+200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF.
 */
function isWideSpace(c) {
    return (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff);
}

;// CONCATENATED MODULE: ./lib/progress/boundaries.js
// Where one build ends and the next begins in a log that holds several. Plain progress marks it
// with `#0 building with ...` (buildx) or numbers that restart at `#1`; rawjson only by a new
// `load build definition` vertex. A `# syntax=` frontend loads the definition twice in one
// build, before any step, so a new definition only starts a build once the current one has done
// some work.
const DEFINITION = /^\[internal\] load (?:build definition from |local bake definitions)/;
function isBuildDefinition(name) {
    // asked of every vertex a rawjson log sends: a prefix is compared before a match is made
    return name.startsWith('[internal] load ') && DEFINITION.test(name);
}
function isStepOrExport(name) {
    return name.startsWith('[') ? !name.startsWith('[internal]') && !name.startsWith('[auth]') : name.startsWith('exporting ');
}

;// CONCATENATED MODULE: ./lib/progress/vertex.js

/** Collects vertex updates for the builds of one input; starts a new build when told. */
class BuildCollector {
    file;
    format;
    startedWhenSeen;
    builds = [];
    /** Builds handed out by take(). */
    taken = 0;
    current;
    byKey = new Map();
    /** Text kept of the current build's errors and warnings (UTF-16 units). */
    errorUnits = 0;
    warningUnits = 0;
    constructor(file, format, 
    /** Plain progress prints a vertex only once it has started; rawjson announces it before. */
    startedWhenSeen) {
        this.file = file;
        this.format = format;
        this.startedWhenSeen = startedWhenSeen;
    }
    /** Builds read so far, those taken included. */
    get count() {
        return this.taken + this.builds.length;
    }
    /**
     * The builds no line can change any more, handed out once: every one but the last (a parser
     * only ever adds to the current build, and a new one starts only after it).
     */
    take() {
        if (this.builds.length < 2)
            return [];
        const done = this.builds.splice(0, this.builds.length - 1);
        this.taken += done.length;
        return done;
    }
    /** Starts a new build unless the current one is still empty. */
    newBuild() {
        if (this.current && this.current.vertexes.length === 0 && this.current.errors.length === 0)
            return;
        this.current = undefined;
    }
    get active() {
        return this.current;
    }
    build() {
        if (!this.current) {
            this.current = { file: this.file, format: this.format, vertexes: [], errors: [], warnings: [] };
            this.builds.push(this.current);
            this.byKey = new Map();
            this.errorUnits = 0;
            this.warningUnits = 0;
        }
        return this.current;
    }
    has(key) {
        return this.current !== undefined && this.byKey.has(key);
    }
    peek(key) {
        return this.current === undefined ? undefined : this.byKey.get(key);
    }
    /**
     * The vertex of that key in the current build, made when first seen. `owned`: key and name hold
     * no larger text (plain progress decodes each line by itself; JSON.parse copies every string),
     * so they are kept as they are.
     */
    vertex(key, name, owned = false) {
        const b = this.build();
        let v = this.byKey.get(key);
        if (!v) {
            v = {
                key: owned ? key : own(key),
                name: owned ? (name ?? '') : own(name ?? ''),
                started: this.startedWhenSeen,
                cached: false,
                done: false,
                error: undefined,
                canceled: false,
                seconds: undefined,
                elapsed: undefined,
                intervals: [],
                pulled: false,
                order: b.vertexes.length
            };
            this.byKey.set(key, v);
            b.vertexes.push(v);
        }
        else if (name !== undefined && name !== '' && v.name === '') {
            v.name = own(name);
        }
        return v;
    }
    /** The current build has run or found cached a step or an export: a new definition is a new build. */
    hasWork() {
        return this.current !== undefined && this.current.vertexes.some((v) => (v.started || v.cached) && isStepOrExport(v.name));
    }
    /**
     * A `pushing layers` / `pushing manifest for <ref>` status of an export, once it is done: its
     * interval (rawjson) or the figure it ends with (plain, `pushing layers 0.5s done`). The same
     * status re-sent with the same start is counted once.
     */
    pushed(v, interval, seconds) {
        const push = (v.push ??= { intervals: [], seconds: 0 });
        if (interval) {
            if (push.intervals.some(([a]) => a === interval[0]))
                return;
            push.intervals.push(interval);
        }
        push.seconds += seconds;
    }
    /** An export's `naming to <image>` / `unpacking to <image>` status: what the build made. */
    named(v, status) {
        const m = /^(?:naming|unpacking) to (\S+)/.exec(status);
        const image = m?.[1];
        if (image === undefined)
            return;
        const list = (v.named ??= []);
        if (!list.includes(image))
            list.push(own(image));
    }
    /**
     * A client error of the current build, kept whole (its status and a failed cache export are
     * read from its text, and a secret in it is redacted only once it is whole): the first ones
     * while they fit NOTES_KEPT, and the last always, in the last place.
     */
    error(message) {
        const b = this.build();
        const m = own(message);
        const n = b.errors.length;
        if (n === 0 || (n < ERRORS_KEPT && this.errorUnits + m.length <= NOTES_KEPT)) {
            b.errors.push(m);
            this.errorUnits += m.length;
            return;
        }
        this.errorUnits += m.length - (b.errors[n - 1]?.length ?? 0);
        b.errors[n - 1] = m;
        b.errorsLeftOut = (b.errorsLeftOut ?? 0) + 1;
    }
    /**
     * The current build is over and went well: it ran or found cached a step or an export, and
     * every vertex that started ended without error or cancellation, and no error was told. A
     * client `ERROR:` line after it ends another build, one refused before its first vertex
     * (a missing context path: buildx 0.29 prints that line alone).
     */
    finishedWell() {
        const b = this.current;
        if (!b || b.errors.length > 0 || !this.hasWork())
            return false;
        return b.vertexes.every((v) => v.error === undefined && !v.canceled && (!v.started || v.done || v.cached));
    }
    /** A warning of the current build, kept whole while they fit WARNINGS_KEPT and NOTES_KEPT, else counted. */
    warning(message) {
        const b = this.build();
        if (b.warnings.length < WARNINGS_KEPT && this.warningUnits + message.length <= NOTES_KEPT) {
            b.warnings.push(own(message));
            this.warningUnits += message.length;
        }
        else {
            b.warningsLeftOut = (b.warningsLeftOut ?? 0) + 1;
        }
    }
}
// A build's errors and warnings are lines of the client's, and in a job log any line a later
// command of the same step prints (`WARNING: ...` by the thousand): what a build keeps of them is
// bounded, as its vertexes are by the log. A bake prints an error for each target that failed.
const ERRORS_KEPT = 100;
const WARNINGS_KEPT = 100;
/**
 * The most text (UTF-16 units) a build keeps of its errors, and of its warnings: a line can be
 * 1 MiB. Each is kept whole, never cut: a cut one could hold part of a secret the redactor,
 * which runs later, would no longer know.
 */
const NOTES_KEPT = 256 * 1024;
/**
 * A copy of s that does not hold on to the text it was cut from: a slice of a 1 MiB chunk keeps
 * the whole chunk alive, and a log's builds keep their names for as long as the report is made.
 * Concatenating makes V8 write a new flat string; slices under 13 units are copies already.
 */
function own(s) {
    return s.length < 13 ? s : (' ' + s).slice(1);
}

// EXTERNAL MODULE: ./lib/problems.js
var problems = __nccwpck_require__(5451);
;// CONCATENATED MODULE: ./lib/progress/plain.js





// Every line of a vertex begins with `#<n> `: its header (`#12 [build 2/3] RUN make`), status
// lines, output lines (`#12 0.088 text`), and `CACHED` / `DONE 1.2s` / `ERROR: ...` / `CANCELED`.
// A layer download in a FROM or a lazily pulled cached step: `sha256:… 12.58MB / 34.44MB 0.8s`.
const LAYER_PROGRESS = /^(?:extracting )?sha256:[0-9a-f]{12,}(?: [\d.]+[kMG]?B \/ [\d.]+[kMG]?B| [\d.]+s)/;
/** A status line is told by its first letter before a match is made of it: most are not a layer's. */
function isLayerProgress(rest) {
    const c = rest.charCodeAt(0);
    return (c === 115 /* s */ || c === 101) /* e */ && LAYER_PROGRESS.test(rest);
}
const OLD_ENGINE_DIGEST = /^sha256:[0-9a-f]{64}$/;
// An image export's push, once done: `pushing layers 0.5s done`, `pushing manifest for <ref>@sha256:... 0.0s done`.
const PUSH_DONE = /^pushing (?:layers|manifest for \S+)(?: (\d+(?:\.\d+)?)s)? done$/;
/** Lines that could not be read before a log is said to be damaged: a stray one is not worth a warning. */
const UNREADABLE_MIN = 10;
/** ... or this share of the lines (percent), when at least two. */
const UNREADABLE_SHARE = 1;
/**
 * Reads BuildKit plain progress (`--progress=plain`, `docker buildx history logs`, and the
 * Docker 20.10 engine's format) a chunk of bytes at a time. Output lines (`#12 0.088 text`), most
 * of a log's bytes, are read on the bytes for their figure and never made strings; every other
 * line is decoded and read as text.
 */
class PlainParser {
    file;
    collector;
    lines;
    encoder = new Utf8Encoder();
    problems = [];
    /** Lines cut to `MAX_LINE`. */
    long;
    /** Old engine: `#N sha256:<digest>` of each vertex key, to tell a re-print from a new build. */
    digests = new Map();
    sawTrailer = false;
    lineNo = 0;
    /** Lines of BuildKit's that could not be read (damaged, or a status of a vertex never named), and the first one's number. */
    unreadable = 0;
    firstUnreadable = 0;
    /** Job logs: when the line being read was written (ms since the epoch), from the runner's timestamp. */
    now;
    /** Job logs: when `#0 building with ...` was written, the start of a build not yet begun. */
    buildStart;
    constructor(file) {
        this.file = file;
        this.collector = new BuildCollector(file, 'plain', true);
        this.lines = new ByteLines((buf, start, end, dropped) => {
            this.lineNo++;
            if (dropped === 0 && end - start <= lines/* MAX_LINE */.MV && this.fastLine(buf, start, end))
                return;
            const { text, cut } = lineText(buf, start, end, dropped);
            if (cut)
                this.long = countLong(this.long, this.lineNo);
            // Some log collectors leave trailing spaces, CRs or NULs: `#5 CACHED \r` is still CACHED.
            // Cut before the prefix is looked for, so that two trailing tabs are not a `gh run view` prefix.
            this.line((0,lines/* stripLinePrefix */.TO)(trimControl(text)));
        });
    }
    write(chunk) {
        this.lines.write(chunk);
    }
    push(chunk) {
        this.lines.write(this.encoder.encode(chunk));
    }
    /** A decoded line of a job log (its prefix cut) with the time it was written: vertexes and builds get real times. */
    timedLine(text, at, lineNo) {
        this.lineNo = lineNo;
        this.now = at;
        this.line((0,lines/* stripLinePrefix */.TO)(trimControl(text.length > lines/* MAX_LINE */.MV ? text.slice(0, lines/* MAX_LINE */.MV) : text)));
        this.now = undefined;
    }
    /** A job log's line on its bytes (see TimedParser.timedBytes): the lines fastLine reads, with their time. */
    timedBytes(buf, start, end, at, lineNo) {
        this.now = at;
        const read = this.fastLine(buf, start, end);
        this.now = undefined;
        // a line not read here is not counted: the text path reads it, or another step's parser
        if (read)
            this.lineNo = lineNo;
        return read;
    }
    take() {
        return this.collector.take();
    }
    end() {
        this.lines.write(this.encoder.end());
        this.lines.end();
        const long = this.long;
        if (long) {
            this.problems.push((0,problems/* problem */.CC)('line-too-long', (0,lines/* tooLong */.Po)(long.count, 'line', lines/* MAX_LINE */.MV, true), { file: this.file, line: long.first }));
        }
        const builds = this.collector.builds;
        // With no build read, `no-builds` says it all.
        const n = this.unreadable;
        if (this.collector.count > 0 && (n >= UNREADABLE_MIN || (n >= 2 && n * 100 > this.lineNo * UNREADABLE_SHARE))) {
            this.problems.push((0,problems/* problem */.CC)('lines-unreadable', `${n} of ${this.lineNo} lines could not be read as BuildKit progress (damaged or cut log?); the counts may be short`, {
                file: this.file,
                line: this.firstUnreadable
            }));
        }
        return builds;
    }
    line(line) {
        if (line.charCodeAt(0) !== 35 /* # */) {
            // A NUL, or a replacement character where a line starts, is a damaged line, maybe one of BuildKit's.
            if (line.includes('\0') || line.charCodeAt(0) === 0xfffd)
                this.unread();
            this.clientLine(line);
            return;
        }
        const sp = line.indexOf(' ');
        const key = sp < 0 ? line : line.slice(0, sp);
        if (!isVertexNumber(key)) {
            // `#5x`, `#5` alone, `#\0...`; a comment (`# build`, `#!/bin/sh`, `##[group]`) is not BuildKit's.
            if (isDigit(line.charCodeAt(1)) || isDamaged(line.charCodeAt(1)))
                this.unread();
            return;
        }
        if (sp < 0) {
            this.unread();
            return;
        }
        const rest = line.slice(sp + 1);
        // Output lines (`#5 0.088 text`) are the bulk of a log; their figure is the vertex's time so
        // far, the only time a failed or canceled step carries (its ERROR / CANCELED line has none).
        if (isDigit(rest.charCodeAt(0)) && isOutputLine(rest)) {
            this.outputLine(key, rest);
            this.stamp(key);
            return;
        }
        if (key === '#0') {
            if (rest.startsWith('building with ')) {
                this.collector.newBuild();
                this.buildStart = this.now;
            }
            this.sawTrailer = false;
            this.digests = new Map();
            return;
        }
        if (rest.includes('\0') || rest.includes('\ufffd'))
            this.unread();
        this.vertexLine(key, rest);
        this.stamp(key);
    }
    /**
     * Job logs: a vertex began its DONE figure before its DONE line, and BuildKit holds lines back a
     * little (its header can be printed after the vertex began): the earlier of the two is its start,
     * and its build's, so that a stage's wall span is never shorter than its longest step.
     */
    doneAt(v, secs) {
        const at = this.now;
        const b = this.collector.active;
        if (at === undefined || !b)
            return;
        const start = at - secs * 1000;
        v.at = v.at ? [Math.min(v.at[0], start), Math.max(v.at[1], at)] : [start, at];
        if (b.span)
            b.span = [Math.min(b.span[0], start), b.span[1]];
    }
    /** Job logs: the line's time goes to its vertex (first and last line) and to its build (first and last line of BuildKit's). */
    stamp(key) {
        const at = this.now;
        if (at === undefined)
            return;
        if (key !== undefined) {
            const v = this.collector.peek(key);
            if (v)
                v.at = v.at ? [Math.min(v.at[0], at), Math.max(v.at[1], at)] : [at, at];
        }
        const b = this.collector.active;
        if (!b)
            return;
        const start = Math.min(this.buildStart ?? at, at);
        this.buildStart = undefined;
        b.span = b.span ? [Math.min(b.span[0], start), Math.max(b.span[1], at)] : [start, at];
    }
    outputLine(key, rest) {
        const known = this.collector.peek(key);
        if (known)
            this.elapsed(known, Number.parseFloat(rest));
    }
    elapsed(known, secs) {
        // max, not last: a parallel step's output can be held back and printed later as a block
        if (plausible(secs) && (known.elapsed === undefined || secs > known.elapsed))
            known.elapsed = secs;
    }
    /**
     * The lines that are most of a log, read on their bytes with no string made, exactly as the
     * text path reads them: an output line (`#12 0.088 text`: its figure), `#12 CACHED`,
     * `#12 DONE 1.2s` (NULs before them and blanks after them allowed), and an empty line. False
     * for any other line, and for the rare one better read as text (`#012`, a long figure, a
     * status of a vertex never named, `#0`).
     */
    fastLine(buf, start, end) {
        if (start === end)
            return true;
        let i = start;
        while (i < end && buf[i] === 0)
            i++;
        if (buf[i] !== 35 /* # */)
            return false;
        const d0 = ++i;
        let n = 0;
        for (let c = buf[i] ?? 0; i < end && c >= 48 && c <= 57; c = buf[++i] ?? 0)
            n = n * 10 + c - 48;
        const digits = i - d0;
        if (digits === 0 || digits > 9 || (digits > 1 && buf[d0] === 48) || buf[i] !== 32)
            return false;
        const c = buf[++i] ?? 0;
        if (isDigit(c)) {
            const figure = readFigure(buf, i, end);
            // what follows the figure: a space, or only the blanks and controls trimControl cuts
            if (figure.end < end && buf[figure.end] !== 32 && !blankTo(buf, figure.end, end))
                return false;
            const key = vertexKey(n);
            const known = this.collector.peek(key);
            if (known)
                this.elapsed(known, figure.value ?? Number.parseFloat(buf.toString('latin1', i, figure.end)));
            if (this.now !== undefined)
                this.stamp(key);
            return true;
        }
        if (n === 0)
            return false;
        if (c === 67 /* C */ && startsWith(buf, i, end, CACHED) && blankTo(buf, i + CACHED.length, end)) {
            const key = vertexKey(n);
            const known = this.collector.peek(key);
            if (!known)
                return false;
            known.cached = true;
            if (this.now !== undefined)
                this.stamp(key);
            return true;
        }
        if (c === 68 /* D */ && startsWith(buf, i, end, DONE_) && isDigit(buf[i + DONE_.length] ?? 0)) {
            const figure = readFigure(buf, i + DONE_.length, end);
            // `DONE 1.2s` as DONE_TIME reads it: one dot at most, a digit after it, an `s`, then blanks
            if (figure.dots > 1 || figure.value === undefined || buf[figure.end - 1] === 46 || buf[figure.end] !== 115 /* s */)
                return false;
            if (!blankTo(buf, figure.end + 1, end))
                return false;
            const key = vertexKey(n);
            const known = this.collector.peek(key);
            if (!known)
                return false;
            known.done = true;
            const secs = figure.value;
            if (plausible(secs) && (known.seconds === undefined || secs > known.seconds))
                known.seconds = secs;
            if (this.now !== undefined) {
                if (plausible(secs))
                    this.doneAt(known, secs);
                this.stamp(key);
            }
            return true;
        }
        return false;
    }
    unread() {
        if (this.unreadable++ === 0)
            this.firstUnreadable = this.lineNo;
    }
    vertexLine(key, rest) {
        const collector = this.collector;
        const known = collector.peek(key);
        if (!known) {
            // A status of a vertex whose header is not in the log (cut before it) names nothing.
            if (isStatusWord(rest))
                this.unread();
            // cut from this line's own string (each line is decoded by itself): no copy needed
            else
                collector.vertex(key, rest, true);
            return;
        }
        if (rest === 'CACHED') {
            known.cached = true;
        }
        else if (rest === 'DONE' || rest.startsWith('DONE ')) {
            known.done = true;
            const figure = rest.slice(5);
            if (rest !== 'DONE' && !DONE_TIME.test(figure))
                this.unread();
            // a signed figure (`-0.4s`) or an exponent (`1e308s`) is damage, not a time
            const secs = DONE_TIME.test(figure) ? Number.parseFloat(figure) : Number.NaN;
            if (plausible(secs) && (known.seconds === undefined || secs > known.seconds))
                known.seconds = secs;
            if (plausible(secs))
                this.doneAt(known, secs);
        }
        else if (rest === 'CANCELED') {
            known.canceled = true;
        }
        else if (rest.startsWith('ERROR')) {
            known.error = rest.replace(/^ERROR:? ?/, '') || 'error';
        }
        else if (rest.length === 71 && OLD_ENGINE_DIGEST.test(rest)) {
            const seen = this.digests.get(key);
            if (seen !== undefined && seen !== rest) {
                // Same number, other digest: the next build of a log with several (old engine: no `#0`).
                this.startNextBuild(key, known.name, rest);
                return;
            }
            this.digests.set(key, rest);
        }
        else if (rest === known.name) {
            // A header printed again when interleaved steps switch back is the same vertex; `#1`'s
            // definition again after the build did its work is the next build (the old engine has no `#0`).
            if (key === '#1' && (this.sawTrailer || (isBuildDefinition(rest) && collector.hasWork())))
                this.startNextBuild(key, rest);
        }
        else if (isLayerProgress(rest)) {
            known.pulled = true;
        }
        else if (key === '#1' && looksLikeHeader(rest)) {
            // `#1` names another vertex: numbers restarted, a new build in the same log.
            this.startNextBuild(key, rest);
        }
        else if (isStatusWord(rest)) {
            // `CACHEDX`, `CANCELED?`: a status word run into something else
            this.unread();
        }
        else if (rest.startsWith('naming to ') || rest.startsWith('unpacking to ')) {
            collector.named(known, rest);
        }
        else if (rest.startsWith('pushing ')) {
            // printed twice, when it starts and when it is done: the time is on the second
            const m = PUSH_DONE.exec(rest);
            if (m)
                collector.pushed(known, undefined, m[1] === undefined ? 0 : Number.parseFloat(m[1]));
        }
        // anything else is a status line of a known vertex (`transferring context: 2kB done`)
    }
    startNextBuild(key, name, digest) {
        this.collector.newBuild();
        this.digests = new Map();
        if (digest !== undefined)
            this.digests.set(key, digest);
        this.sawTrailer = false;
        this.collector.vertex(key, name);
    }
    clientLine(line) {
        if (line.startsWith('ERROR: ') || line.startsWith('ERROR ')) {
            const collector = this.collector;
            // An error after a build that went well is another build's, refused before its first vertex.
            if (collector.finishedWell())
                collector.newBuild();
            if (collector.count > 0) {
                collector.error(line.slice(6).trim());
                this.stamp(undefined);
            }
            this.sawTrailer = true;
        }
        else if (line.startsWith('WARNING: ') || / warnings? found \(use /.test(line)) {
            if (this.collector.active)
                this.collector.warning(line);
        }
    }
}
const CACHED = Buffer.from('CACHED');
const DONE_ = Buffer.from('DONE ');
/** Nothing but what trimControl cuts (blanks, CRs, NULs) from i to the line's end. */
function blankTo(buf, i, end) {
    for (; i < end; i++)
        if ((buf[i] ?? 0) > 32)
            return false;
    return true;
}
/**
 * Digits and dots from i, as isOutputLine reads a figure: where they end, how many dots, and
 * the value parseFloat gives them (digits[.digits]) where it is exact: m / 10^k is the correctly
 * rounded value of the decimal, as parseFloat's, while both are exact doubles.
 */
function readFigure(buf, i, end) {
    let m = 0;
    let scale = 1;
    let dots = 0;
    for (; i < end; i++) {
        const c = buf[i] ?? 0;
        if (c >= 48 && c <= 57) {
            if (dots > 1)
                continue;
            m = m * 10 + c - 48;
            if (dots === 1)
                scale *= 10;
        }
        else if (c === 46) {
            dots++;
        }
        else {
            break;
        }
    }
    return { end: i, dots, value: m <= Number.MAX_SAFE_INTEGER && scale <= 1e22 ? m / scale : undefined };
}
/** `#12`, made once per number: an output line's key is looked up without a new string. */
const KEYS = [];
function vertexKey(n) {
    if (n >= 4096)
        return `#${n}`;
    return (KEYS[n] ??= `#${n}`);
}
/** A step's seconds: finite, and shorter than any job can run (35 days), so that sums stay finite. */
function plausible(secs) {
    return Number.isFinite(secs) && secs >= 0 && secs <= 35 * 24 * 3600;
}
/** `DONE 1.2s`'s figure as BuildKit prints it. */
const DONE_TIME = /^\d+(?:\.\d+)?s$/;
const STATUS_WORD = /^(?:CACHED|DONE|CANCELED)/;
function isStatusWord(rest) {
    const c = rest.charCodeAt(0);
    // C, D, E: a status line's first letter is looked at before a match is made of it
    if (c < 67 || c > 69)
        return false;
    return STATUS_WORD.test(rest) || rest.startsWith('ERROR');
}
/** Trailing whitespace and control characters (CR, NUL) cut off; they are never part of a status. */
function trimControl(s) {
    let end = s.length;
    while (end > 0 && s.charCodeAt(end - 1) <= 32)
        end--;
    return end === s.length ? s : s.slice(0, end);
}
function isDigit(c) {
    return c >= 48 && c <= 57;
}
/** A control character or U+FFFD (undecodable bytes) where a vertex number should be. */
function isDamaged(c) {
    return (c < 32 && c !== 9) || c === 0xfffd;
}
function isVertexNumber(key) {
    for (let i = 1; i < key.length; i++) {
        const c = key.charCodeAt(i);
        if (c < 48 || c > 57)
            return false;
    }
    return key.length > 1;
}
/** `12.06 text`, `0.088 text`, `9.659` (a blank output line): seconds since the vertex started. */
function isOutputLine(rest) {
    let i = 0;
    while (i < rest.length) {
        const c = rest.charCodeAt(i);
        if ((c >= 48 && c <= 57) || c === 46)
            i++;
        else
            break;
    }
    return i === rest.length || rest.charCodeAt(i) === 32;
}
// `resolve image config for docker-image://...` is a vertex; `resolve docker.io/...@sha256:... done` is a
// status line of a FROM, which buildx 0.29 on the containerd store can print as `#1` (a cached FROM first).
function looksLikeHeader(rest) {
    return rest.startsWith('[') || rest.startsWith('FROM ') || rest.startsWith('load ') || rest.startsWith('resolve image config ');
}

// EXTERNAL MODULE: ./lib/json.js
var json = __nccwpck_require__(6413);
;// CONCATENATED MODULE: ./lib/progress/json-objects.js

/**
 * The largest SolveStatus object kept (bytes): real ones carrying `logs` reach a few MB, so this
 * only stops a runaway or hostile object from taking the memory with it.
 */
const MAX_OBJECT = 64 << 20;
/** No byte other than blanks since the line began or the last object closed. */
const NONE = -1;
/** A byte of a multi-byte character: whether it is a blank (U+00A0, U+FEFF, ...) is told by decoding. */
const WIDE = -2;
const CLOSE = 125; // }
/** Not in a key string. */
const NOT_KEY = -2;
const LOGS = Buffer.from('logs');
const json_objects_EMPTY = Buffer.alloc(0);
/** The line that closes an indented object: `}` alone. */
const INDENTED_CLOSE = Buffer.from('\n}');
/** A line of step output, as buildx writes one: `{"logs":[{...},{...}]}`. */
const LOGS_LINE = Buffer.from('{"logs":[');
/** Lines that did not parse as one object before the whole-line path is left to the byte scan for good. */
const LINE_MISSES = 2;
/**
 * Splits a stream of bytes into top-level JSON objects by structure, not by lines: buildx 0.13
 * indents them over many lines, newer buildx prints one per line, and `docker buildx history
 * logs --progress rawjson` concatenates them with nothing between. Text outside objects (the
 * plain error block printed after the last object of a failed build) is handed over line by line.
 *
 * Each chunk is scanned once, where the last one left off; an object is copied piece by piece
 * and joined once, when it closes, and decoded only if it is to be parsed: with `skipLogs`,
 * an object whose only top-level key is `logs` (step output, the bulk of a log, which nothing
 * counted reads) is passed over without being decoded. Time is linear in the bytes, memory
 * bounded by `MAX_OBJECT` and the longest line kept.
 */
class JsonObjectSplitter {
    onObject;
    onText;
    skipLogs;
    onParsed;
    /** Offset in the whole stream of the next chunk's first byte, for problem positions. */
    offset = 0;
    // outside an object
    line = new PendingBytes();
    lineStart = 0;
    /** The last non-blank byte of the line since it began or the last object closed, NONE or WIDE. */
    last = NONE;
    /** A `{` in this line did not open an object (a Dockerfile excerpt's `${VAR}`): the rest of the line is text. */
    textLine = false;
    // inside an object
    inObject = false;
    object = [];
    objectLength = 0;
    objectStart = 0;
    depth = 0;
    /** `[` open directly in the top-level object: a string there is no key. */
    arrays = 0;
    inString = false;
    /** A backslash in a string ended the last chunk: the next byte is escaped. */
    escape = false;
    /** The next string directly in the top-level object is a key. */
    keyNext = false;
    /** A key string is being read: how many of its bytes matched `logs`, or -1 once one did not. */
    key = -2;
    /** Every top-level key so far was `logs`. */
    onlyLogs = true;
    /** Next `"` and `\` from where the string scan stands, found natively and kept until passed. */
    quote = -1;
    slash = -1;
    /** Text lines cut to `MAX_LINE` (`first` is the stream offset of the first). */
    long;
    /** Objects over `MAX_OBJECT`, skipped (`first` is the stream offset of the first). */
    large;
    /** Whole lines that began with `{` and did not parse as one object (`}{`, buildx 0.13's indented objects). */
    lineMisses = 0;
    /** Indented objects that did not parse as one up to their first `}` alone on a line. */
    indentedMisses = 0;
    /** Where in this chunk a search found no `}` alone on a line after it (-1: none failed). */
    noCloseFrom = -1;
    constructor(onObject, onText, skipLogs = false, 
    /**
     * Given, a line that is one whole object (buildx 0.14 and later print one a line) is parsed
     * as it stands, not scanned byte by byte, and handed on parsed.
     */
    onParsed) {
        this.onObject = onObject;
        this.onText = onText;
        this.skipLogs = skipLogs;
        this.onParsed = onParsed;
    }
    write(chunk) {
        let i = 0;
        this.quote = -1;
        this.slash = -1;
        this.noCloseFrom = -1;
        while (i < chunk.length)
            i = this.inObject ? this.scanObject(chunk, i) : this.scanText(chunk, i);
        this.offset += chunk.length;
    }
    end() {
        if (this.inObject) {
            // A truncated object: hand it on, whatever it holds, so that the parser reports it.
            this.onlyLogs = false;
            this.closeObject(json_objects_EMPTY, 0, 0);
        }
        else {
            this.endLine();
        }
    }
    /**
     * A line that is one object, whole in this chunk, from its first byte: parsed as it stands. What
     * parses as one object is what the byte scan would have split; what does not is left to the scan,
     * which splits `}{` and says what is damaged. Returns where to go on, or -1 for the scan.
     */
    wholeLine(chunk, i) {
        if (this.lineMisses >= LINE_MISSES)
            return -1;
        const nl = chunk.indexOf(10, i);
        if (nl < 0)
            return -1;
        let end = nl;
        if (chunk[end - 1] === 13)
            end--;
        if (chunk[end - 1] !== CLOSE || end - i > MAX_OBJECT)
            return -1;
        // step output: the scan passes over it without decoding, and finds a damaged one (a parse would not be tried)
        if (this.skipLogs && startsWith(chunk, i, end, LOGS_LINE))
            return -1;
        if (!this.handOnWhole(chunk, i, end)) {
            // `{...}{...}` (history logs) or damage: the scan splits it, or says what is wrong
            if (++this.lineMisses >= LINE_MISSES)
                this.lineMisses = Number.POSITIVE_INFINITY;
            return -1;
        }
        this.lineStart = this.offset + nl + 1;
        return nl + 1;
    }
    /** chunk[i, end) parsed and handed on when it is one JSON object (it starts with `{`: it is one or none). */
    handOnWhole(chunk, i, end) {
        let value;
        try {
            value = JSON.parse(chunk.toString('utf8', i, end));
        }
        catch {
            return false;
        }
        this.onParsed?.(value, this.offset + i);
        return true;
    }
    /**
     * An indented object (buildx 0.13): `{` alone on its line, up to the first line that is `}` alone,
     * whole in this chunk. What parses as one object there is what the byte scan would have split (a
     * JSON string holds no raw newline, so that `}` closes the object or the text is no one object);
     * what does not is left to the scan. Returns where to go on, or -1 for the scan.
     */
    wholeIndented(chunk, i) {
        if (this.indentedMisses >= LINE_MISSES || (this.noCloseFrom >= 0 && i >= this.noCloseFrom))
            return -1;
        let close = chunk.indexOf(INDENTED_CLOSE, i);
        // `}` alone: then a newline, a CRLF, or the end of what was written so far is not known yet
        while (close >= 0 && !(chunk[close + 2] === 10 || (chunk[close + 2] === 13 && chunk[close + 3] === 10)))
            close = chunk.indexOf(INDENTED_CLOSE, close + 2);
        if (close < 0) {
            // none from here to the chunk's end: not looked for again in this chunk, or each `{` would search to it
            this.noCloseFrom = i;
            return -1;
        }
        if (close + 2 - i > MAX_OBJECT)
            return -1;
        const end = close + 2;
        if (!this.handOnWhole(chunk, i, end)) {
            if (++this.indentedMisses >= LINE_MISSES)
                this.indentedMisses = Number.POSITIVE_INFINITY;
            return -1;
        }
        const nl = chunk.indexOf(10, end);
        this.lineStart = this.offset + nl + 1;
        return nl + 1;
    }
    /** Text from i: up to a newline, or up to a `{` that opens an object; returns where to go on. */
    scanText(chunk, i) {
        const n = chunk.length;
        if (chunk[i] === 123 && this.onParsed && this.last === NONE && !this.textLine && this.line.empty) {
            const alone = chunk[i + 1] === 10 || (chunk[i + 1] === 13 && chunk[i + 2] === 10);
            const next = alone ? this.wholeIndented(chunk, i) : this.wholeLine(chunk, i);
            if (next >= 0)
                return next;
        }
        let j = i;
        let last = this.last;
        if (this.textLine) {
            j = chunk.indexOf(10, i);
            if (j < 0)
                j = n;
        }
        else {
            for (; j < n; j++) {
                const c = chunk[j] ?? 0;
                if (c === 10 || c === 123)
                    break;
                if (c >= 0x80)
                    last = WIDE;
                else if (!(c === 32 || c === 0 || (c >= 9 && c <= 13)))
                    last = c;
            }
            this.last = last;
        }
        if (j === n) {
            this.line.add(chunk, i, j);
            return j;
        }
        if (chunk[j] === 10) {
            this.line.add(chunk, i, j);
            this.endLine();
            this.lineStart = this.offset + j + 1;
            return j + 1;
        }
        // Only whole lines of text are text: `{` opens an object where the line holds nothing but
        // blanks before it (or the end of the previous object, `}{`), and nowhere else in a text line.
        this.line.add(chunk, i, j);
        if (last === WIDE)
            last = lastMark(this.line.peek());
        if (last !== NONE && last !== CLOSE) {
            this.textLine = true;
            this.line.add(chunk, j, j + 1);
            return j + 1;
        }
        this.line.clear();
        this.inObject = true;
        this.object = [];
        this.objectLength = 0;
        this.objectStart = this.offset + j;
        this.depth = 0;
        this.arrays = 0;
        this.inString = false;
        this.escape = false;
        this.keyNext = false;
        this.key = NOT_KEY;
        this.onlyLogs = true;
        return this.scanObject(chunk, j);
    }
    /** An open object from i: to the `}` that closes it, or to the chunk's end; returns where to go on. */
    scanObject(chunk, i) {
        const from = i;
        const n = chunk.length;
        if (this.escape) {
            this.escape = false;
            i++;
        }
        let end = -1;
        while (i < n) {
            if (this.inString) {
                if (this.quote < i)
                    this.quote = indexOrEnd(chunk, 34, i);
                if (this.slash < i)
                    this.slash = indexOrEnd(chunk, 92, i);
                if (this.slash < this.quote) {
                    // an escape in a key: not plain `logs`, and the object is parsed
                    if (this.key !== NOT_KEY)
                        this.key = -1;
                    if (this.slash + 1 >= n) {
                        this.escape = true;
                        i = n;
                    }
                    else {
                        i = this.slash + 2;
                    }
                    continue;
                }
                if (this.key !== NOT_KEY)
                    this.keyBytes(chunk, i, this.quote);
                if (this.quote === n)
                    break;
                if (this.key !== NOT_KEY) {
                    if (this.key !== LOGS.length)
                        this.onlyLogs = false;
                    this.key = NOT_KEY;
                }
                this.inString = false;
                i = this.quote + 1;
                continue;
            }
            const c = chunk[i++] ?? 0;
            if (c === 34 /* " */) {
                this.inString = true;
                if (this.keyNext && this.depth === 1 && this.arrays === 0) {
                    this.keyNext = false;
                    this.key = 0;
                }
            }
            else if (c === 123 /* { */) {
                if (++this.depth === 1)
                    this.keyNext = true;
            }
            else if (c === 125 /* } */) {
                if (--this.depth === 0) {
                    end = i;
                    break;
                }
            }
            else if (this.depth === 1) {
                if (c === 44 /* , */ && this.arrays === 0)
                    this.keyNext = true;
                else if (c === 91 /* [ */)
                    this.arrays++;
                else if (c === 93 /* ] */)
                    this.arrays--;
            }
        }
        if (end < 0) {
            this.addObject(chunk, from, n);
            return n;
        }
        this.closeObject(chunk, from, end);
        this.lineStart = this.offset + end;
        return end;
    }
    /** Bytes of a top-level key, wherever the chunks cut it: matched against `logs`. */
    keyBytes(chunk, from, to) {
        let k = this.key;
        for (let i = from; i < to && k >= 0; i++)
            k = k < LOGS.length && chunk[i] === LOGS[k] ? k + 1 : -1;
        this.key = k;
    }
    addObject(chunk, from, to) {
        const size = to - from;
        if (size <= 0)
            return;
        this.objectLength += size;
        // over the cap it will be skipped: what was kept is let go of now, not when it closes
        if (this.objectLength > MAX_OBJECT)
            this.object = [];
        else
            this.object.push(Buffer.from(chunk.subarray(from, to)));
    }
    /** The object ends with chunk[from, to): one held in a single chunk is decoded from it, never copied. */
    closeObject(chunk, from, to) {
        this.inObject = false;
        this.last = NONE;
        this.textLine = false;
        const whole = this.object.length === 0 && this.objectLength === 0;
        this.objectLength += to - from;
        if (this.objectLength > MAX_OBJECT) {
            this.object = [];
            this.large = countLong(this.large, this.objectStart);
            return;
        }
        if (this.skipLogs && this.onlyLogs) {
            this.object = [];
            return;
        }
        if (whole) {
            this.onObject(chunk.toString('utf8', from, to), this.objectStart);
            return;
        }
        if (to > from)
            this.object.push(chunk.subarray(from, to));
        const json = Buffer.concat(this.object, this.objectLength).toString('utf8');
        this.object = [];
        this.onObject(json, this.objectStart);
    }
    endLine() {
        const dropped = this.line.dropped;
        const bytes = this.line.take();
        this.last = NONE;
        this.textLine = false;
        let end = bytes.length;
        if (end > 0 && bytes[end - 1] === 13 && dropped === 0)
            end--;
        const { text, cut } = lineText(bytes, 0, end, dropped);
        if (cut)
            this.long = countLong(this.long, this.lineStart);
        if (text.trim() !== '')
            this.onText(text);
    }
}
function indexOrEnd(chunk, c, from) {
    const at = chunk.indexOf(c, from);
    return at < 0 ? chunk.length : at;
}
/** The last unit of the text that is not blank, or NONE: what stands before a `{`. */
function lastMark(bytes) {
    const s = bytes.toString('utf8');
    for (let k = s.length - 1; k >= 0; k--) {
        const c = s.charCodeAt(k);
        if (!isBlank(c))
            return c;
    }
    return NONE;
}
/** What String.prototype.trim removes, and NUL (padding some log collectors write). */
function isBlank(c) {
    if (c <= 32)
        return c === 32 || c === 0 || (c >= 9 && c <= 13);
    return isWideSpace(c);
}

;// CONCATENATED MODULE: ./lib/progress/rawjson.js







/** An image export's statuses while it pushes (Docker 28.5 / buildx 0.29, fixtures `timeline/`). */
const PUSH = /^pushing (?:layers$|manifest for )/;
/**
 * Reads `--progress=rawjson`: a stream of BuildKit SolveStatus objects
 * (`vertexes`, `statuses`, `logs`, `warnings`), one per line, indented, or concatenated.
 */
class RawJsonParser {
    file;
    onStatus;
    collector;
    splitter;
    problems = [];
    /** Per vertex of the current build: started (ms) → completed (ms), as vertexes are re-sent whole. */
    runs = new Map();
    sawError = false;
    /** Objects that are not JSON, and values that are not SolveStatus objects: the first told, the rest counted. */
    invalid;
    unexpected;
    encoder = new Utf8Encoder();
    /** Job logs: when the line being read was written (ms since the epoch). */
    now;
    constructor(file, 
    /** Sees every SolveStatus object once parsed (run mode prints them as they come). */
    onStatus) {
        this.file = file;
        this.onStatus = onStatus;
        this.collector = new BuildCollector(file, 'rawjson', false);
        this.splitter = new JsonObjectSplitter((json, offset) => {
            this.object(json, offset);
        }, (line) => {
            this.text(line);
        }, 
        // step output is read only when someone prints it
        onStatus === undefined, (value, offset) => {
            this.value(value, offset);
        });
    }
    write(chunk) {
        this.splitter.write(chunk);
    }
    push(chunk) {
        this.splitter.write(this.encoder.encode(chunk));
    }
    /**
     * A decoded line of a job log (its prefix cut) with the time it was written. The objects carry
     * their own times, but a vertex cached from an earlier build of the same builder keeps that
     * build's (a FROM started 2 s before this build began, seen with buildx 0.29): the build's wall
     * time is its lines' span, as in plain progress.
     */
    timedLine(text, at) {
        this.now = at;
        this.push(`${text}\n`);
        this.now = undefined;
    }
    end() {
        this.splitter.write(this.encoder.end());
        this.splitter.end();
        const { large, long } = this.splitter;
        if (large)
            this.problems.push((0,problems/* problem */.CC)('json-too-large', (0,lines/* tooLong */.Po)(large.count, 'JSON object', MAX_OBJECT, false), { file: this.file, line: large.first }));
        if (long)
            this.problems.push((0,problems/* problem */.CC)('line-too-long', (0,lines/* tooLong */.Po)(long.count, 'line', lines/* MAX_LINE */.MV, true), { file: this.file, line: long.first }));
        for (const t of [this.invalid, this.unexpected])
            if (t && t.count > 1)
                t.first.message += `, and ${t.count - 1} more like it after it`;
        this.flushIntervals();
        return started(this.collector.builds);
    }
    take() {
        return started(this.collector.take());
    }
    object(json, offset) {
        let status;
        try {
            status = JSON.parse(json);
        }
        catch {
            this.invalid = this.told(this.invalid, () => (0,problems/* problem */.CC)('json-invalid', `not a JSON object (${json.length} characters starting ${JSON.stringify(json.slice(0, 40))})`, {
                file: this.file,
                line: offset
            }));
            return;
        }
        this.value(status, offset);
    }
    value(status, offset) {
        if (!(0,json/* isRecord */.u4)(status)) {
            this.unexpected = this.told(this.unexpected, () => (0,problems/* problem */.CC)('json-unexpected', 'a JSON value that is not a SolveStatus object', { file: this.file, line: offset }));
            return;
        }
        this.onStatus?.(status);
        const { vertexes, statuses, warnings } = status;
        if (Array.isArray(vertexes))
            for (const v of vertexes)
                if ((0,json/* isRecord */.u4)(v))
                    this.vertex(v);
        if (Array.isArray(statuses))
            for (const s of statuses)
                if ((0,json/* isRecord */.u4)(s))
                    this.status(s);
        if (Array.isArray(warnings))
            for (const w of warnings)
                if ((0,json/* isRecord */.u4)(w))
                    this.warning(w);
        const b = this.collector.active;
        const at = this.now;
        if (b && at !== undefined && (Array.isArray(vertexes) || Array.isArray(statuses)))
            b.span = b.span ? [Math.min(b.span[0], at), Math.max(b.span[1], at)] : [at, at];
    }
    vertex(v) {
        const digest = v.digest;
        if (typeof digest !== 'string')
            return;
        const name = typeof v.name === 'string' ? v.name : '';
        const collector = this.collector;
        // the name first: a digest is looked up only for a build's definition vertex
        if (isBuildDefinition(name) && !collector.has(digest) && this.currentHasWork())
            this.nextBuild();
        const vx = collector.vertex(digest, name, true);
        if (v.cached === true)
            vx.cached = true;
        if (vx.inputs === undefined && Array.isArray(v.inputs) && v.inputs.length > 0)
            vx.inputs = v.inputs.filter((d) => typeof d === 'string');
        const started = (0,json/* timestamp */.vE)(v.started);
        const completed = (0,json/* timestamp */.vE)(v.completed);
        if (started !== undefined) {
            vx.started = true;
            let runs = this.runs.get(vx);
            if (!runs) {
                runs = new Map();
                this.runs.set(vx, runs);
            }
            const prev = runs.get(started);
            if (prev === undefined || (completed !== undefined && !(completed <= prev)))
                runs.set(started, completed ?? Number.NaN);
        }
        if (typeof v.error === 'string' && v.error !== '') {
            // Cancellation is only told by its text.
            if (/context canceled/.test(v.error))
                vx.canceled = true;
            else
                vx.error = v.error;
        }
        else if (completed !== undefined) {
            vx.done = true;
        }
    }
    status(s) {
        const id = s.id;
        if (typeof s.vertex !== 'string' || typeof id !== 'string')
            return;
        const vx = this.collector.peek(s.vertex);
        if (vx && (id.startsWith('naming to ') || id.startsWith('unpacking to ')))
            this.collector.named(vx, id);
        if (vx && /^(?:extracting )?sha256:[0-9a-f]{12,}/.test(id) && typeof s.total === 'number' && s.total > 0)
            vx.pulled = true;
        if (vx && PUSH.test(id)) {
            const started = (0,json/* timestamp */.vE)(s.started);
            const completed = (0,json/* timestamp */.vE)(s.completed);
            if (started !== undefined && completed !== undefined && completed >= started)
                this.collector.pushed(vx, [started, completed], (completed - started) / 1000);
        }
    }
    warning(w) {
        if (typeof w.short !== 'string')
            return;
        const text = Buffer.from(w.short, 'base64').toString('utf8').trim();
        if (text !== '' && this.collector.active)
            this.collector.warning(text);
    }
    /**
     * Plain text after the objects: the client's `ERROR: ...` when the build failed, and its `WARNING: ...`
     * lines, kept whole as the plain parser keeps them (`WARNING: local cache import at /dir not found ...`
     * is all a log says of a local cache import that found nothing).
     */
    text(line) {
        if (line.startsWith('ERROR: ') && this.collector.active) {
            // An error after a build that went well is another build's, refused before its first vertex.
            if (this.collector.finishedWell())
                this.nextBuild();
            this.collector.error(line.slice(7).trim());
            this.sawError = true;
        }
        else if (line.startsWith('WARNING: ') && this.collector.active) {
            this.collector.warning(line);
        }
    }
    /** The first of a kind of problem is told, in the order met; the rest are counted, and said in its message at the end. */
    told(t, first) {
        if (t) {
            t.count++;
            return t;
        }
        const p = first();
        this.problems.push(p);
        return { first: p, count: 1 };
    }
    currentHasWork() {
        return this.sawError || this.collector.hasWork();
    }
    nextBuild() {
        this.flushIntervals();
        this.runs.clear();
        this.sawError = false;
        this.collector.newBuild();
    }
    flushIntervals() {
        for (const [vx, runs] of this.runs) {
            vx.intervals = [];
            // a completion before the start (a damaged timestamp) is no interval: times never go negative
            for (const [start, end] of runs)
                if (end >= start)
                    vx.intervals.push([start, end]);
        }
    }
}
/** A vertex BuildKit announced but never started (the rest of a failed build) is not a step; a build of none is no build. */
function started(builds) {
    for (const b of builds)
        b.vertexes = b.vertexes.filter((v) => v.started || v.cached);
    return builds.filter((b) => b.vertexes.length > 0 || b.errors.length > 0);
}

;// CONCATENATED MODULE: ./lib/progress/joblog.js




// A GitHub Actions job log: every line carries the time the runner read it. Raw logs (the REST
// API's `actions/jobs/{id}/logs`, the web UI's download) begin each line with an RFC 3339
// timestamp (`2025-01-06T09:50:04.2335218Z #1 [internal] ...`); `gh run view --log` puts the job
// and the step before it (`build<TAB>Build and push<TAB>2025-...Z ...`). The runner adds its own
// commands (`##[group]Run ...`, `##[endgroup]`, `##[error]...`), masks secrets as `***`, and writes
// a blank line of a program as a timestamp alone. Each workflow step's BuildKit text is read by
// the plain or rawjson parser, line by line with its time, so that plain progress gets real times.
const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d))(?: |$)/;
const GH_PREFIX = /^[^\t]+\t[^\t]*\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const COMMAND = /^##\[([a-z]+)\]/;
/** A line the runner opens a `run:` or `uses:` step with (composite actions' steps too). */
const STEP_START = 'Run ';
const POST = 'Post job cleanup.';
/** The time (ms since the epoch) of a job-log line's RFC 3339 prefix, and where its text starts. */
function lineStamp(line) {
    const fast = runnerStamp(line);
    if (fast !== undefined)
        return fast;
    const m = STAMP.exec(line);
    if (!m?.[1])
        return undefined;
    const at = Date.parse(m[1]);
    return Number.isNaN(at) ? undefined : { at, rest: m[0].length };
}
/** The runner's own form (`2025-01-06T09:50:04.2335218Z `), read on its characters; any other is left to the regex and Date.parse (undefined). */
function runnerStamp(line) {
    const utc = (0,json/* utcStamp */.sl)(line);
    if (utc === undefined)
        return undefined;
    const after = utc.z + 1;
    // a space, or the line's end, after the Z
    if (after === line.length)
        return { at: utc.at, rest: after };
    return line.charCodeAt(after) === 32 ? { at: utc.at, rest: after + 1 } : undefined;
}
/**
 * The runner's own timestamp (`2025-01-06T09:50:04.2335218Z `) read on a line's bytes, as
 * runnerStamp reads it: a line's second is compared with the last one's, and a new second is
 * read by utcStamp, so that each is parsed once.
 */
class StampBytes {
    /** `YYYY-MM-DDTHH:MM:SS` of the last second read (kept even when what follows it is no runner stamp), and its time (ms since the epoch). */
    second = Buffer.alloc(19);
    secondAt = Number.NaN;
    /** The last line's time and where its text starts, when read returned true. */
    at = 0;
    rest = 0;
    read(buf, start, end) {
        const second = this.second;
        let same = end - start >= 22 && !Number.isNaN(this.secondAt);
        for (let k = 0; same && k < 19; k++)
            same = buf[start + k] === second[k];
        if (!same) {
            if (end - start < 22)
                return false;
            const utc = (0,json/* utcStamp */.sl)(`${buf.toString('latin1', start, start + 19)}.0Z`);
            if (utc === undefined)
                return false;
            buf.copy(second, 0, start, start + 19);
            this.secondAt = utc.at;
        }
        // `.` and 1 to 9 digits of fraction, Z, then a space or the line's end
        let i = start + 19;
        if (buf[i++] !== 46)
            return false;
        const digitsFrom = i;
        let ms = 0;
        for (; i < end && i < digitsFrom + 9; i++) {
            const c = (buf[i] ?? 0) - 48;
            if (c < 0 || c > 9)
                break;
            if (i < digitsFrom + 3)
                ms = ms * 10 + c;
        }
        if (i === digitsFrom || i >= end || buf[i] !== 90 /* Z */)
            return false;
        for (let k = i - digitsFrom; k < 3; k++)
            ms *= 10;
        i++;
        if (i < end && buf[i++] !== 32)
            return false;
        this.at = this.secondAt + ms;
        this.rest = i;
        return true;
    }
}
/** What String.prototype.trimStart removes that is ASCII: space, tab, LF, VT, FF, CR. */
function isAsciiBlank(c) {
    return c === 32 || (c >= 9 && c <= 13);
}
/**
 * The character whose UTF-8 starts at i is one String.prototype.trimStart removes past ASCII
 * (isWideSpace). A damaged sequence decodes to U+FFFD, no blank; so do the leads of ranges that
 * hold none (E0, ED, four-byte ones), which are not decoded here.
 */
function isWideBlank(buf, i, end) {
    const a = buf[i] ?? 0;
    const b = continuation(buf, i + 1, end);
    if (a >= 0xc2 && a <= 0xdf)
        return b >= 0 && isWideSpace(((a & 0x1f) << 6) | b);
    if (a < 0xe1 || a > 0xef || a === 0xed)
        return false;
    const c = continuation(buf, i + 2, end);
    return b >= 0 && c >= 0 && isWideSpace(((a & 0x0f) << 12) | (b << 6) | c);
}
/** The low six bits of a UTF-8 continuation byte at i within the line, or -1. */
function continuation(buf, i, end) {
    const x = i < end ? (buf[i] ?? 0) : 0;
    return (x & 0xc0) === 0x80 ? x & 0x3f : -1;
}
/** A line of a job log as the runner or `gh run view --log` writes it (a BOM or NULs before it allowed). */
function isJobLogLine(raw) {
    const line = skipLead(raw);
    return GH_PREFIX.test(line) || lineStamp(line) !== undefined;
}
function skipLead(s) {
    let i = 0;
    while (i < s.length && (s.charCodeAt(i) === 0xfeff || s.charCodeAt(i) === 0))
        i++;
    return i === 0 ? s : s.slice(i);
}
/**
 * Reads a job log a line at a time. Builds never span steps: each step's text goes to a parser of
 * its own, chosen by the first line of BuildKit's in it, and every build read is told its step
 * (and, from `gh run view --log`, its job).
 */
class JobLogParser {
    file;
    inner;
    bytes;
    lines;
    encoder = new Utf8Encoder();
    problems = [];
    builds = [];
    segment = { job: undefined, step: undefined, parser: undefined, previous: undefined };
    /** Decided on the first line: `gh run view --log`'s columns, or the raw log's timestamps. */
    gh;
    lastAt;
    lineNo = 0;
    long;
    stamps = new StampBytes();
    /** By ASCII code: a line of a step not yet recognised that starts with it must be decoded (see InnerFormat.starts). */
    decoded = [];
    /** Lines made strings, whole or after their timestamp: the rest were read, or passed over, on their bytes. */
    decodedLines = 0;
    constructor(file, inner, 
    /** False: every line decoded and read as text, as before lines were read on bytes (the tests' reference). */
    bytes = true) {
        this.file = file;
        this.inner = inner;
        this.bytes = bytes;
        // a format's lines; ESC, which may hide one; `#`, which opens a step (`##[group]Run`)
        for (const c of `${inner.map((f) => f.starts).join('')}\x1b#`)
            this.decoded[c.charCodeAt(0)] = true;
        this.lines = new ByteLines((buf, start, end, dropped) => {
            this.lineNo++;
            if (this.bytes && dropped === 0 && end - start <= lines/* MAX_LINE */.MV && this.stampedLine(buf, start, end))
                return;
            this.decodedLines++;
            const { text, cut } = lineText(buf, start, end, dropped);
            if (cut)
                this.long = countLong(this.long, this.lineNo);
            this.line(text);
        });
    }
    write(chunk) {
        this.lines.write(chunk);
    }
    push(chunk) {
        this.lines.write(this.encoder.encode(chunk));
    }
    /**
     * The builds no later line can change, handed out once: those of the steps read to their end, then
     * the finished ones of the step being read (each is told its step and job as it is handed out).
     */
    take() {
        const done = this.builds.splice(0);
        const parser = this.segment.parser;
        if (parser !== undefined)
            for (const b of parser.take())
                done.push(this.told(b));
        return done;
    }
    end() {
        this.lines.write(this.encoder.end());
        this.lines.end();
        this.close();
        if (this.long)
            this.problems.push((0,problems/* problem */.CC)('line-too-long', (0,lines/* tooLong */.Po)(this.long.count, 'line', lines/* MAX_LINE */.MV, true), { file: this.file, line: this.long.first }));
        return this.builds;
    }
    /**
     * A job log's line in the runner's form (after `gh run view --log`'s columns, when they name the
     * step being read), its timestamp read on its bytes: most lines of a
     * step's plain progress (output, CACHED, DONE, blank) are read there too, with no string made;
     * any other is decoded after its timestamp. False for a line left to `line`: those up to the
     * first line with text, `gh run view --log`'s whose columns are not the step's being read (one
     * that opens a step, a BOM or NUL before them, names not in UTF-8), and any not in the runner's
     * own form (no timestamp, a BOM or NUL before it, 10 digits of fraction or more, no space after
     * the Z).
     */
    stampedLine(buf, start, end) {
        const stamps = this.stamps;
        let from = start;
        if (this.gh === true) {
            // `gh run view --log`: a line of the step being read, its columns matched on the bytes
            const columns = this.segment.columns;
            if (columns === undefined || !startsWith(buf, start, end, columns))
                return false;
            from += columns.length;
        }
        else if (this.gh !== false) {
            return false;
        }
        if (!stamps.read(buf, from, end))
            return false;
        const at = stamps.at;
        this.lastAt = at;
        const seg = this.segment;
        if (seg.parser === undefined) {
            // another program's output, in a step with no BuildKit text yet: it could not be recognised,
            // and as the line before it makes no difference to whether the next one is
            if (this.passedOver(buf, stamps.rest, end)) {
                seg.previous = { text: '', at };
                return true;
            }
        }
        else if (seg.parser.timedBytes?.(buf, stamps.rest, end, at, this.lineNo) === true) {
            return true;
        }
        this.decodedLines++;
        this.stamped(buf.toString('utf8', stamps.rest, end), at);
        return true;
    }
    /**
     * The line is blank, or starts (after blanks) with a character no format's line starts with (see
     * InnerFormat.starts), and is not `Post job cleanup.`, which opens a step.
     */
    passedOver(buf, start, end) {
        let i = start;
        while (i < end && isAsciiBlank(buf[i] ?? 0))
            i++;
        if (i === end)
            return true;
        const c = buf[i] ?? 0;
        if (c === 80 /* P */ && i === start)
            return false;
        if (c < 0x80)
            return this.decoded[c] !== true;
        // not ASCII (`✓ passed`): passed over unless it is a blank that trimStart removes (U+00A0, U+3000, ...)
        return !isWideBlank(buf, i, end);
    }
    line(raw) {
        let s = skipLead(raw);
        // decided on the first line with text: every line of gh's output has its columns
        if (this.gh === undefined && s !== '')
            this.gh = GH_PREFIX.test(s);
        if (this.gh) {
            // `gh run view --log`: each step is told by its columns
            const tab = s.indexOf('\t');
            const tab2 = tab < 0 ? -1 : s.indexOf('\t', tab + 1);
            if (tab2 >= 0) {
                const job = s.slice(0, tab);
                const step = s.slice(tab + 1, tab2);
                if (job !== this.segment.job || step !== this.segment.step)
                    this.open(job, step);
                s = s.slice(tab2 + 1);
            }
        }
        // a line without a time goes on the one before it (a value over several lines, continued)
        const stamp = lineStamp(s);
        if (stamp) {
            this.lastAt = stamp.at;
            s = s.slice(stamp.rest);
        }
        this.stamped(s, stamp?.at ?? this.lastAt);
    }
    /** A line's text after its timestamp, and when it was written. */
    stamped(text, at) {
        let s = text;
        if (s.includes('\x1b'))
            s = s.replace(ANSI, '');
        const command = COMMAND.exec(s);
        // `gh run view --log`'s steps are opened by its columns; a raw log's by the runner's lines
        if (this.gh !== true) {
            if (command?.[1] === 'group' && s.startsWith(STEP_START, command[0].length))
                this.open(undefined, s.slice(command[0].length).trim());
            else if (s === POST)
                this.open(undefined, POST.slice(0, -1));
        }
        if (command)
            s = s.slice(command[0].length);
        this.feed(s, at);
    }
    feed(text, at) {
        const seg = this.segment;
        if (seg.parser === undefined) {
            const trimmed = text.trimStart();
            const previous = seg.previous;
            const format = this.inner.find((f) => f.recognises(trimmed, previous?.text ?? ''));
            seg.previous = { text: trimmed, at };
            if (format === undefined)
                return;
            seg.parser = format.parser(this.file);
            // the line before, when it opened the text (rawjson's `{` alone on its line)
            if (previous !== undefined && !format.recognises(trimmed, ''))
                seg.parser.timedLine(previous.text, previous.at, this.lineNo - 1);
        }
        seg.parser.timedLine(text, at, this.lineNo);
    }
    open(job, step) {
        this.close();
        this.segment = { job, step, parser: undefined, previous: undefined };
        if (this.gh === true && job !== undefined)
            this.segment.columns = Buffer.from(`${job}\t${step ?? ''}\t`);
    }
    /** A build of the step being read, told that step and its job. */
    told(b) {
        const { step, job } = this.segment;
        if (step !== undefined && step !== '')
            b.step = step;
        if (job !== undefined && job !== '')
            b.job = job;
        return b;
    }
    close() {
        const parser = this.segment.parser;
        if (parser === undefined)
            return;
        for (const b of parser.end())
            this.builds.push(this.told(b));
        for (const p of parser.problems)
            this.problems.push(p);
        this.segment.parser = undefined;
    }
}

;// CONCATENATED MODULE: ./lib/progress/formats.js



const rawjson = {
    name: 'rawjson',
    recognises: (line) => line.startsWith('{'),
    parser: (file, onStatus) => new RawJsonParser(file, onStatus)
};
const plain = {
    name: 'plain',
    recognises: (line) => /^#\d+ /.test(line),
    parser: (file) => new PlainParser(file)
};
// Inside a job log a step prints other JSON (build-push-action's builder info and metadata), so
// rawjson is told by a SolveStatus key, on the `{` line or, indented (buildx 0.13), on the next.
const SOLVE_STATUS = /^\{?\s*"(?:vertexes|statuses|logs|warnings)"\s*:/;
const STEP_FORMATS = [
    {
        name: 'rawjson',
        recognises: (line, previous) => SOLVE_STATUS.test(line) && (line.startsWith('{') || previous === '{'),
        // `{`, and an indented object's first key, recognised after a `{` alone
        starts: '{"',
        parser: (file) => new RawJsonParser(file)
    },
    { name: 'plain', recognises: (line) => plain.recognises(line, line), starts: '#', parser: (file) => new PlainParser(file) }
];
/** A GitHub Actions job log (raw, or `gh run view --log`): told by its prefix, before it is stripped. */
const joblog = {
    name: 'joblog',
    recognises: (_line, raw) => isJobLogLine(raw),
    parser: (file) => new JobLogParser(file, STEP_FORMATS)
};
/** Every format the reader knows, in the order they are tried on a line; the first is not the fallback. */
const FORMATS = [joblog, rawjson, plain];
/** What a log that no format recognises is read as: plain skips what it does not know. */
const FALLBACK = plain;

;// CONCATENATED MODULE: ./lib/progress/detect.js



/** How many bytes to look at for the format before assuming the fallback. */
const SNIFF_LIMIT = 256 * 1024;
/** Decides the format from the first line that one of them recognises, then streams the bytes into its parser. */
class ProgressReader {
    file;
    onStatus;
    parser;
    chosen;
    /** The bytes before the format is known: what was joined, and the chunks since. */
    head = Buffer.alloc(0);
    more = [];
    headLength = 0;
    /** Where the first line not yet looked at starts in head: each line is looked at once. */
    scanned = 0;
    encoder = new Utf8Encoder();
    constructor(file, onStatus) {
        this.file = file;
        this.onStatus = onStatus;
    }
    /** The name of the format being read, once known. */
    get format() {
        return this.chosen?.name;
    }
    write(chunk) {
        if (this.parser) {
            this.parser.write(chunk);
            return;
        }
        if (chunk.length === 0)
            return;
        // a copy: the caller may fill the same buffer again
        this.more.push(Buffer.from(chunk));
        this.headLength += chunk.length;
        // a chunk with no line end decides nothing; looking into head would join it on every chunk
        if (chunk.indexOf(10) < 0 && this.headLength <= SNIFF_LIMIT)
            return;
        const format = this.sniff(false);
        if (format !== undefined || this.headLength > SNIFF_LIMIT)
            this.start(format ?? FALLBACK);
    }
    /** Text, for callers that hold strings. */
    push(chunk) {
        this.write(this.encoder.encode(chunk));
    }
    /** The builds finished so far and not taken before (see ProgressParser.take). */
    take() {
        return this.parser?.take() ?? [];
    }
    end() {
        this.write(this.encoder.end());
        const parser = this.parser ?? this.start(this.sniff(true) ?? FALLBACK);
        const builds = parser.end();
        return { builds, problems: parser.problems };
    }
    start(format) {
        const parser = format.parser(this.file, this.onStatus);
        this.parser = parser;
        this.chosen = format;
        const head = this.joined();
        this.head = Buffer.alloc(0);
        if (head.length > 0)
            parser.write(head);
        return parser;
    }
    joined() {
        if (this.more.length > 0) {
            this.head = Buffer.concat([this.head, ...this.more]);
            this.more = [];
        }
        return this.head;
    }
    /** The format of the first line one of them recognises; a partial last line waits for more, unless at the end. */
    sniff(atEnd) {
        const bytes = this.joined();
        for (;;) {
            const start = this.scanned;
            const nl = bytes.indexOf(10, start);
            if (nl < 0 && !atEnd)
                return undefined;
            const raw = bytes.toString('utf8', start, nl < 0 ? bytes.length : nl);
            const line = (0,lines/* stripLinePrefix */.TO)(raw).trimStart();
            const format = FORMATS.find((f) => f.recognises(line, raw));
            if (format)
                return format;
            if (nl < 0)
                return undefined;
            this.scanned = nl + 1;
        }
    }
}


/***/ }),

/***/ 9804:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   MV: () => (/* binding */ MAX_LINE),
/* harmony export */   Po: () => (/* binding */ tooLong),
/* harmony export */   TO: () => (/* binding */ stripLinePrefix),
/* harmony export */   g3: () => (/* binding */ LineSplitter)
/* harmony export */ });
/* unused harmony export Pieces */
/** The longest line kept whole (UTF-16 units, about 1 MiB of ASCII); the rest of a longer line is dropped. */
const MAX_LINE = 1 << 20;
/**
 * The pending part of a line or object, kept as pieces and joined once when it completes, so
 * that no text is copied or scanned again per chunk. Small pieces (one-character chunks) are
 * merged as they add up, so that the list stays short. Whatever is over `cap` is counted, not kept.
 */
class Pieces {
    cap;
    blocks = [];
    small = [];
    smallLength = 0;
    /** Units kept. */
    length = 0;
    /** Units dropped over the cap. */
    dropped = 0;
    constructor(cap) {
        this.cap = cap;
    }
    add(s) {
        if (s.length === 0)
            return;
        const room = this.cap - this.length;
        if (room <= 0) {
            this.dropped += s.length;
            return;
        }
        if (s.length > room) {
            this.dropped += s.length - room;
            s = s.slice(0, room);
        }
        this.length += s.length;
        if (s.length >= BLOCK) {
            this.merge();
            this.blocks.push(s);
            return;
        }
        this.small.push(s);
        this.smallLength += s.length;
        if (this.smallLength >= BLOCK || this.small.length >= 1024)
            this.merge();
    }
    /** Everything kept, joined; empties the buffer. */
    take() {
        this.merge();
        const s = this.blocks.length === 1 ? (this.blocks[0] ?? '') : this.blocks.join('');
        this.clear();
        return s;
    }
    clear() {
        this.blocks = [];
        this.small = [];
        this.smallLength = 0;
        this.length = 0;
        this.dropped = 0;
    }
    merge() {
        if (this.small.length === 0)
            return;
        this.blocks.push(this.small.length === 1 ? (this.small[0] ?? '') : this.small.join(''));
        this.small = [];
        this.smallLength = 0;
    }
}
const BLOCK = 64 * 1024;
/** One problem message for lines or objects over a cap: `3 lines longer than 1 MiB were cut to their first 1 MiB`. */
function tooLong(count, what, cap, cut) {
    const size = cap >= 1 << 20 ? `${cap / (1 << 20)} MiB` : `${cap} characters`;
    const one = count === 1;
    const subject = one ? `a ${what} longer than ${size} was` : `${count} ${what}s longer than ${size} were`;
    return cut ? `${subject} cut to ${one ? 'its' : 'their'} first ${size}` : `${subject} skipped`;
}
/**
 * Splits streamed text into lines, in time linear in the text: each chunk is scanned once, and
 * a line that spans chunks is joined once, at its newline. A line longer than `maxLine` is cut
 * to its first `maxLine` units (a 1 GiB line without a newline must not take 1 GiB).
 */
class LineSplitter {
    onLine;
    maxLine;
    pending;
    /** The pending line's last unit is a CR (a CRLF cut between chunks). */
    pendingCR = false;
    lineNo = 0;
    /** Set once a line was cut; undefined while none was. */
    long;
    constructor(onLine, maxLine = MAX_LINE) {
        this.onLine = onLine;
        this.maxLine = maxLine;
        this.pending = new Pieces(maxLine);
    }
    push(chunk) {
        let start = 0;
        for (;;) {
            const nl = chunk.indexOf('\n', start);
            if (nl < 0)
                break;
            if (this.pending.length === 0 && this.pending.dropped === 0) {
                const end = nl > start && chunk.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
                if (end - start <= this.maxLine)
                    this.emit(chunk.slice(start, end), false);
                else
                    this.emit(chunk.slice(start, start + this.maxLine), true);
            }
            else {
                this.add(chunk, start, nl);
                this.flush();
            }
            start = nl + 1;
        }
        if (start < chunk.length)
            this.add(chunk, start, chunk.length);
    }
    /** A last line without a newline is still a line. */
    end() {
        if (this.pending.length > 0 || this.pending.dropped > 0)
            this.flush();
    }
    add(chunk, start, end) {
        if (end === start)
            return;
        this.pending.add(start === 0 && end === chunk.length ? chunk : chunk.slice(start, end));
        this.pendingCR = chunk.charCodeAt(end - 1) === 13;
    }
    flush() {
        // The CR of a CRLF is not part of the line: not kept, and not what makes it too long.
        let dropped = this.pending.dropped;
        let line = this.pending.take();
        if (this.pendingCR) {
            if (dropped > 0)
                dropped--;
            else
                line = line.slice(0, -1);
        }
        this.pendingCR = false;
        this.emit(line, dropped > 0);
    }
    emit(line, cut) {
        ++this.lineNo;
        if (cut) {
            if (this.long)
                this.long.count++;
            else
                this.long = { count: 1, first: this.lineNo };
        }
        this.onLine(line, this.lineNo);
    }
}
// What CI systems put before each line of a copied log: GitHub's raw log timestamp
// (`2025-01-06T09:50:04.2335218Z `), `gh run view --log`'s `job<TAB>step<TAB>timestamp `,
// ANSI colour codes, and `##[group]` markers.
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) /;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
/** Strips a CI log prefix from a line; lines that start with `#` or `{` are returned as they are. */
function stripLinePrefix(line) {
    let s = line;
    // NULs where a line starts: a log truncated under a writer that kept its offset (copytruncate)
    if (s.charCodeAt(0) === 0) {
        let i = 1;
        while (s.charCodeAt(i) === 0)
            i++;
        s = s.slice(i);
    }
    const c = s.charCodeAt(0);
    if (c === 35 /* # */ || c === 123 /* { */)
        return s;
    if (s.includes('\x1b'))
        s = s.replace(ANSI, '');
    const tab = s.indexOf('\t');
    if (tab >= 0) {
        const tab2 = s.indexOf('\t', tab + 1);
        if (tab2 >= 0)
            s = s.slice(tab2 + 1);
    }
    const ts = TIMESTAMP.exec(s);
    if (ts)
        s = s.slice(ts[0].length);
    if (s.startsWith('##['))
        s = s.replace(/^##\[[a-z]+\]/, '');
    return s;
}


/***/ }),

/***/ 5078:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   EN: () => (/* binding */ redactBuild),
/* harmony export */   Rm: () => (/* binding */ redactBuilds),
/* harmony export */   VX: () => (/* binding */ secretValues),
/* harmony export */   pO: () => (/* binding */ Redactor)
/* harmony export */ });
/* unused harmony exports MASK, MIN_SECRET_LENGTH, isSecretName */
// BuildKit prints a step with its build args substituted, so `RUN curl -H "Authorization: Bearer
// $TOKEN"` carries the token in the vertex name, and from there into the job summary, the JSON
// report, the outputs and the saved baseline. Everything read from a build goes through here
// before it is modelled. Pure: no `core.setSecret` here; the caller registers what is found.
const MASK = '***';
/** Exact values shorter than this are not hidden: `1` or `yes` would mask half the report. */
const MIN_SECRET_LENGTH = 4;
// a plain word after `Bearer` (`Bearer authentication`) is prose, not a token
const WORD = /^[A-Z]?[a-z]+$/;
// `Basic` is followed by base64("user:password"): it decodes to printable text with a colon
function isBasicCredential(b64) {
    const decoded = Buffer.from(b64, 'base64').toString('latin1');
    return decoded.includes(':') && /^[\x20-\x7e]+$/.test(decoded);
}
// Order matters: the specific shapes run first, so `Bearer ghp_…` is hidden as a GitHub token
// and the Bearer rule then sees `***`, which it never matches.
/** A text that none of these matches cannot hold any of the shapes below. */
const ANCHORS = /gh[pousr]_|github_pat_|eyJ|AKIA|ASIA|aws_secret_access_key|:\/\/|bearer|basic|--password|=/i;
const SHAPES = [
    // GitHub: classic tokens (ghp_ personal, gho_ OAuth, ghu_ user-to-server, ghs_ server, ghr_ refresh), fine-grained PATs
    { pattern: /\b(?<secret>gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/dg },
    // JWT: base64url header and payload, both JSON objects (`{"` → `eyJ`), and a signature (empty when unsigned)
    { pattern: /\b(?<secret>eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)/dg },
    // AWS access key ids (long-term AKIA, temporary ASIA) and the secret key after its usual name
    { pattern: /\b(?<secret>(?:AKIA|ASIA)[A-Z0-9]{16})\b/dg },
    { pattern: /\baws_secret_access_key["']?[ \t]*[=:][ \t]*["']?(?<secret>[A-Za-z0-9/+=]{16,})/dgi },
    // scheme://user:password@host: the user stays, so the report still says which account
    { pattern: /\b[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/[^\s:@/]*:(?<secret>[^\s@/]+)@/dg },
    { pattern: /\b(?:Bearer|bearer|BEARER)[ \t]+(?<secret>[A-Za-z0-9\-._~+/]+=*)/dg, accept: (s) => s.length >= 8 && !WORD.test(s) },
    { pattern: /\b(?:Basic|basic|BASIC)[ \t]+(?<secret>[A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/dg, accept: isBasicCredential },
    // `--password x` / `--password=x` (not `--password-stdin`); `-p` is left alone: `mkdir -p`, `docker run -p 80:80`
    { pattern: /(?<![\w-])--password(?:=|[ \t]+)["']?(?<secret>[^\s"'`]+)/dg, accept: (s) => !s.startsWith('-') },
    // NAME=value where the name says it is secret (`NPM_TOKEN=…`, `.npmrc`'s `_authToken=…`); short values are left
    {
        pattern: /\b(?<name>[A-Za-z_][A-Za-z0-9_]*)=["']?(?<secret>[^\s"'`;&|]+)/dg,
        accept: (s, groups) => s.length >= 8 && isSecretName(groups.name ?? '')
    }
];
/**
 * Build-arg names that hold secrets: TOKEN, SECRET, PASSWORD, PASSWD, CREDENTIAL anywhere, and
 * KEY where a word ends (API_KEY, APIKEY, apiKey, SSH_KEYS, KEY_ID) but not inside one (KEYBOARD_LAYOUT,
 * keyboard). Case-insensitive in effect. Known false positives, accepted because hiding a harmless
 * value costs less than printing a secret: MONKEY, TURKEY, KEY_VERSION, GPG_KEY (a fingerprint).
 * Not matched: AUTH (AUTHOR, OAUTH_CLIENT_ID) and PAT (PATH): their values, `ghp_…` and the like,
 * are caught by shape instead.
 */
function isSecretName(name) {
    return /TOKEN|SECRET|PASSW(?:OR)?D|CREDENTIAL/i.test(name) || /KEYS?(?![A-Z])|[Kk]eys?(?![a-z])/.test(name);
}
/** The values of the secret-named build args, as `redact` wants them. */
function secretValues(args) {
    return args.filter((a) => isSecretName(a.name) && a.value.length >= MIN_SECRET_LENGTH).map((a) => a.value);
}
/** Hides secrets in many strings with one sorted list, and remembers what it hid. */
class Redactor {
    secrets;
    seen = new Set();
    constructor(secrets) {
        // longest first, so a secret that contains a shorter one is hidden whole
        this.secrets = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
    }
    get found() {
        return [...this.seen];
    }
    text(text) {
        let out = text;
        for (const s of this.secrets) {
            if (!out.includes(s))
                continue;
            this.seen.add(s);
            out = out.split(s).join(MASK);
        }
        // most step names hold none of the shapes' anchors: one cheap test spares eight scans
        if (ANCHORS.test(out))
            for (const shape of SHAPES)
                out = this.shape(out, shape);
        return out;
    }
    shape(text, { pattern, accept }) {
        let out = '';
        let last = 0;
        for (const m of text.matchAll(pattern)) {
            const secret = m.groups?.secret;
            const at = m.indices?.groups?.secret;
            if (secret === undefined || at === undefined)
                continue;
            // already hidden, or a shell variable the step reads at run time, not a value
            if (/^\**$/.test(secret) || secret.startsWith('$'))
                continue;
            if (accept !== undefined && !accept(secret, m.groups ?? {}))
                continue;
            this.seen.add(secret);
            out += text.slice(last, at[0]) + MASK;
            last = at[1];
        }
        return last === 0 ? text : out + text.slice(last);
    }
}
/** `text` with every exact secret (longest first) and every known credential shape replaced by `***`. */
function redact(text, secrets = []) {
    const r = new Redactor(secrets);
    return { text: r.text(text), found: r.found };
}
/** A copy of the build with every string it carries redacted: names, errors, warnings, its name, ref and file. */
function redactBuild(build, redactor) {
    const t = (s) => redactor.text(s);
    const copy = {
        file: t(build.file),
        format: build.format,
        vertexes: build.vertexes.map((v) => ({
            ...v,
            name: t(v.name),
            error: v.error === undefined ? undefined : t(v.error),
            intervals: v.intervals.map(([a, b]) => [a, b])
        })),
        errors: build.errors.map(t),
        warnings: build.warnings.map(t)
    };
    if (build.name !== undefined)
        copy.name = t(build.name);
    if (build.ref !== undefined)
        copy.ref = t(build.ref);
    if (build.step !== undefined)
        copy.step = t(build.step);
    if (build.job !== undefined)
        copy.job = t(build.job);
    if (build.span !== undefined)
        copy.span = [build.span[0], build.span[1]];
    if (build.errorsLeftOut !== undefined)
        copy.errorsLeftOut = build.errorsLeftOut;
    if (build.warningsLeftOut !== undefined)
        copy.warningsLeftOut = build.warningsLeftOut;
    return copy;
}
/** Every build redacted (copies), and the distinct credentials hidden across them all. */
function redactBuilds(builds, secrets = []) {
    const r = new Redactor(secrets);
    const out = builds.map((b) => redactBuild(b, r));
    return { builds: out, found: r.found };
}


/***/ }),

/***/ 2454:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ writeRegularFile),
/* harmony export */   XF: () => (/* binding */ readRegularFile),
/* harmony export */   yb: () => (/* binding */ readRegularFileText)
/* harmony export */ });
/* unused harmony export MAX_READ_WHOLE */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var _fs_async_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8073);
/* harmony import */ var _problems_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(5451);



const NONBLOCK = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK ?? 0;
const NOT_REGULAR = 'is not a regular file (a FIFO, a device or a directory), so it is not read';
/**
 * The largest file read whole (bytes): the JSON files read this way (leg reports, baselines,
 * metadata files) are a few MB at most, and a glob that matched some other large file must not
 * take the runner's memory with it.
 */
const MAX_READ_WHOLE = 64 * 1024 * 1024;
function tooLarge(size, max) {
    const mib = (n) => `${Math.round(n / (1024 * 1024))} MiB`;
    return `is ${mib(size)}, more than the ${mib(max)} a report, baseline or metadata file is read up to, so it is not read`;
}
/**
 * A whole file's text, from a regular file only: open() on a FIFO waits for a writer forever, and
 * a device or a directory is no input. stat first (that is where a missing path or a FIFO shows),
 * then open without blocking and check the handle itself, in case the path changed in between.
 */
async function readRegularFile(path, maxBytes = MAX_READ_WHOLE) {
    try {
        if (!(await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .stat */ .dJ)(path)).isFile())
            return { ok: false, missing: false, message: NOT_REGULAR };
    }
    catch (e) {
        const missing = e.code === 'ENOENT';
        return { ok: false, missing, message: missing ? 'does not exist' : (0,_problems_js__WEBPACK_IMPORTED_MODULE_2__/* .errorText */ .kc)(e) };
    }
    try {
        // O_NONBLOCK: a FIFO swapped in after the stat opens at once instead of waiting (Windows has neither)
        const fd = await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .open */ .ho)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | NONBLOCK);
        try {
            const st = await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .fstat */ .DE)(fd);
            if (!st.isFile())
                return { ok: false, missing: false, message: NOT_REGULAR };
            if (st.size > maxBytes)
                return { ok: false, missing: false, message: tooLarge(st.size, maxBytes) };
            return { ok: true, text: await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .readText */ .yR)(fd) };
        }
        finally {
            await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .close */ .VN)(fd);
        }
    }
    catch (e) {
        return { ok: false, missing: e.code === 'ENOENT', message: (0,_problems_js__WEBPACK_IMPORTED_MODULE_2__/* .errorText */ .kc)(e) };
    }
}
/**
 * Writes a whole file, refusing anything there that is not a regular file: open() for writing
 * waits on a FIFO as reading does. Text in pieces is written piece by piece, never joined.
 */
async function writeRegularFile(path, text) {
    try {
        if (!(await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .stat */ .dJ)(path)).isFile())
            return { ok: false, message: NOT_REGULAR };
    }
    catch (e) {
        if (e.code !== 'ENOENT')
            return { ok: false, message: (0,_problems_js__WEBPACK_IMPORTED_MODULE_2__/* .errorText */ .kc)(e) };
    }
    try {
        // a FIFO swapped in meanwhile fails at once (ENXIO) rather than waiting for a reader
        const fd = await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .open */ .ho)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | NONBLOCK);
        try {
            if (!(await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .fstat */ .DE)(fd)).isFile())
                return { ok: false, message: NOT_REGULAR };
            await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .ftruncate */ .VF)(fd, 0);
            if (typeof text === 'string')
                await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .writeAll */ .f4)(fd, text);
            else
                for (const piece of text)
                    await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .writeAll */ .f4)(fd, piece);
            return { ok: true };
        }
        finally {
            await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .close */ .VN)(fd);
        }
    }
    catch (e) {
        return { ok: false, message: (0,_problems_js__WEBPACK_IMPORTED_MODULE_2__/* .errorText */ .kc)(e) };
    }
}
/** A regular file's text up to max bytes, read at once; undefined when it is missing, not a regular file, or larger. A FIFO is opened without waiting for a writer. */
function readRegularFileText(path, max) {
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | NONBLOCK);
    }
    catch {
        return undefined;
    }
    try {
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!st.isFile() || st.size > max)
            return undefined;
        const buf = Buffer.alloc(st.size);
        let off = 0;
        while (off < st.size) {
            const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buf, off, st.size - off, off);
            if (n <= 0)
                break;
            off += n;
        }
        return buf.subarray(0, off).toString('utf8');
    }
    catch {
        return undefined;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}


/***/ }),

/***/ 8568:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A5: () => (/* binding */ baselineOutputs),
/* harmony export */   Yz: () => (/* binding */ outputsOf),
/* harmony export */   n0: () => (/* binding */ setOutputs),
/* harmony export */   wo: () => (/* binding */ countOutputs)
/* harmony export */ });
/* unused harmony exports STAGES_OUTPUT_BYTES, stagesOutput */
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4238);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2016);


/**
 * The most the `stages` output holds, in bytes of its JSON: an output is passed on as an
 * environment variable or an argument, and Linux takes no such string over 128 KiB (MAX_ARG_STRLEN).
 */
const STAGES_OUTPUT_BYTES = 64 * 1024;
/** The `stages` output: the stages in the report's order, as many as fit in STAGES_OUTPUT_BYTES. */
function stagesOutput(stages) {
    let json = '[';
    let bytes = 2;
    let listed = 0;
    for (const s of stages) {
        const one = JSON.stringify({ name: s.name, platform: s.platform, steps: s.steps, cached: s.cached, duration: Number((0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .oneDecimal */ .EQ)(s.seconds)) });
        const size = Buffer.byteLength(one) + (listed > 0 ? 1 : 0);
        if (bytes + size > STAGES_OUTPUT_BYTES)
            break;
        json += listed > 0 ? `,${one}` : one;
        bytes += size;
        listed++;
    }
    return { json: `${json}]`, listed };
}
/** Every output set, and a notice when the `stages` output could not list every stage: a leg's and a merged report's alike. */
function setOutputs(io, outputs, stages) {
    for (const [name, value] of outputs)
        io.setOutput(name, value);
    const { listed } = stagesOutput(stages);
    if (listed < stages.length)
        io.notice(`the stages output lists the first ${listed} of ${stages.length} stages (${STAGES_OUTPUT_BYTES / 1024} KiB of JSON); the JSON report has them all`);
}
/** The counts, stages, gate and report path: the first outputs of a report and of a merged one. */
function countOutputs(r, reportPath) {
    const t = r.totals;
    return [
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.CacheHitRate, (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercent */ .l9)(t.hitRate)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.CachedSteps, String(t.cached)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.TotalSteps, String(t.steps)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.Builds, String(t.builds)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.Duration, (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .oneDecimal */ .EQ)(t.duration)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.Stages, stagesOutput(r.stages).json],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.Gate, r.gate.verdict],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.Report, reportPath]
    ];
}
/** Whether a baseline was found, and the duration and hit rate against it. */
function baselineOutputs(d) {
    return [
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.Baseline, d ? 'found' : 'none'],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.DurationDelta, d?.durationDelta === undefined ? '' : (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .oneDecimal */ .EQ)(d.durationDelta)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.CacheHitRateDelta, d?.hitRateDelta === null || d?.hitRateDelta === undefined ? '' : (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .oneDecimal */ .EQ)(d.hitRateDelta)]
    ];
}
/** The step's outputs, a pure function of the report: every output always set, '' when unknown. */
function outputsOf(report, reportPath) {
    const cache = report.cache;
    const b = report.billing;
    const fixed = (n, digits) => (n === undefined ? '' : (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .fixedSigned */ .pI)(n, digits));
    return [
        ...countOutputs(report, reportPath),
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.CacheSize, cache ? String(cache.totals.total) : ''],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.CacheReclaimable, cache ? String(cache.totals.reclaimable) : ''],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.CacheGrowth, cache?.growth === undefined ? '' : String(cache.growth)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.ActionsCacheUsage, report.actionsCache ? String(report.actionsCache.usageBytes) : ''],
        ...baselineOutputs(report.deltas),
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.BillableMinutes, b?.billableMinutes === undefined ? '' : String(b.billableMinutes)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.Cost, fixed(b?.cost, 2)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.MonthlyMinutes, b?.monthlyMinutes === undefined ? '' : String(b.monthlyMinutes)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.MonthlyCost, fixed(b?.monthlyCost, 2)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.BillableMinutesDelta, fixed(b?.deltas?.minutesDelta, 2)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.CostDelta, fixed(b?.deltas?.costDelta, 4)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.MonthlyMinutesDelta, fixed(b?.deltas?.monthlyMinutesDelta, 1)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.MonthlyCostDelta, fixed(b?.deltas?.monthlyCostDelta, 2)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.TimeSaved, report.cacheBenefit?.timeSaved === undefined ? '' : (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .oneDecimal */ .EQ)(report.cacheBenefit.timeSaved)],
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.CacheOverhead, report.cacheBenefit === undefined ? '' : (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .oneDecimal */ .EQ)(report.cacheBenefit.overhead)]
    ];
}


/***/ }),

/***/ 7455:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ SCHEMA_VERSION)
/* harmony export */ });
/** The JSON report's version: baselines record it, readers of older reports compare with it. */
const SCHEMA_VERSION = 1;


/***/ }),

/***/ 9431:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   LI: () => (/* binding */ round),
/* harmony export */   TP: () => (/* binding */ tenths),
/* harmony export */   wH: () => (/* binding */ cents)
/* harmony export */ });
/** `n` rounded to `digits` decimals where a figure is made, so the JSON report carries `68.4`, not `68.39999999999999`; halves away from zero, no -0. */
function round(n, digits) {
    if (!Number.isFinite(n))
        return n;
    const f = 10 ** digits;
    const r = (Math.sign(n) * Math.round(Math.abs(n) * f)) / f;
    return r === 0 ? 0 : r;
}
/** Seconds, percents and points: one decimal. */
const tenths = (n) => round(n, 1);
/** Dollars: cents. */
const cents = (n) => round(n, 2);


/***/ }),

/***/ 1458:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   jJ: () => (/* binding */ logFilesSource),
/* harmony export */   jQ: () => (/* binding */ readLogFile),
/* harmony export */   qL: () => (/* binding */ expandPatterns)
/* harmony export */ });
/* unused harmony export readLogFiles */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var _fs_async_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8073);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var _progress_detect_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(1681);
/* harmony import */ var _problems_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(5451);
/* harmony import */ var _arrays_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(8901);
/* harmony import */ var _stdout_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(7080);







const GLOB_CHARS = /[*?[\]{}]/;
// @actions/glob's globber (what upload-artifact and hashFiles use): `*`, `**`, `?`, `[...]`, and
// `!` lines that exclude from every pattern. It resolves relative patterns against the process's
// directory, so they are made absolute against `cwd` here, and its matches named back relative to it.
const absolute = (pattern, cwd) => ((0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(pattern) ? pattern : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(cwd, pattern));
const named = (file, cwd) => {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(cwd, file);
    return rel !== '' && !rel.startsWith('..') && !(0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(rel) ? rel : file;
};
/** Expands the `log-files` patterns (paths or globs, one per entry; `!pattern` excludes) into file paths. */
async function expandPatterns(patterns, cwd = process.cwd()) {
    const files = [];
    const problems = [];
    const excludes = patterns.filter((p) => p.startsWith('!')).map((p) => `!${absolute(p.slice(1).trim(), cwd)}`);
    for (const pattern of patterns) {
        if (pattern.startsWith('!'))
            continue;
        // `-` is standard input, and a plain path is read as given, so that a missing one is named
        if (pattern === '-' || !GLOB_CHARS.test(pattern)) {
            files.push(pattern);
            continue;
        }
        // loaded for a glob only: a path is read without it
        const { create } = await Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(955), __nccwpck_require__.e(377)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2377));
        (0,_stdout_js__WEBPACK_IMPORTED_MODULE_4__/* .shareStdout */ .Tg)();
        const globber = await create([absolute(pattern, cwd), ...excludes].join('\n'), { matchDirectories: false });
        const matched = (await globber.glob()).map((f) => named(f, cwd)).sort();
        if (matched.length === 0)
            problems.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_5__/* .problem */ .CC)('file-missing', `no file matches ${pattern}`));
        (0,_arrays_js__WEBPACK_IMPORTED_MODULE_6__/* .append */ .BC)(files, matched);
    }
    return { files: [...new Set(files)], problems };
}
/** The `log-files` input: BuildKit progress saved by the user's own build step. */
const logFilesSource = {
    name: 'log-files',
    wanted: (inputs) => inputs.logFiles.length > 0,
    async read({ inputs, io, sink }) {
        const read = await readLogFiles(inputs.logFiles, io.cwd, undefined, sink);
        return { builds: read.builds, problems: read.problems, sources: read.files };
    }
};
/**
 * Reads every file a chunk at a time (gzip by its magic bytes); with a sink, each build goes to it
 * once finished, so memory stays flat however many builds a log holds.
 */
async function readLogFiles(patterns, cwd = process.cwd(), stdin, sink) {
    const { files, problems } = await expandPatterns(patterns, cwd);
    const builds = [];
    for (const file of files) {
        // `-` is standard input where the caller gives one (the CLI); elsewhere a file named `-`
        const read = file === '-' && stdin !== undefined ? await readStream(file, () => Promise.resolve(stdin), sink) : await readLogFile(file, cwd, sink);
        (0,_arrays_js__WEBPACK_IMPORTED_MODULE_6__/* .append */ .BC)(builds, read.builds);
        (0,_arrays_js__WEBPACK_IMPORTED_MODULE_6__/* .append */ .BC)(problems, read.problems);
    }
    return { builds, problems, files };
}
/** Reads one log; `file` is named as the user gave it, and opened relative to `cwd`. */
async function readLogFile(file, cwd = process.cwd(), sink) {
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(cwd, file);
    let size;
    try {
        const st = await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .stat */ .dJ)(path);
        if (!st.isFile())
            return { builds: [], problems: [(0,_problems_js__WEBPACK_IMPORTED_MODULE_5__/* .problem */ .CC)('file-unreadable', 'is not a file', { file })] };
        size = st.size;
    }
    catch (e) {
        const missing = e.code === 'ENOENT';
        return { builds: [], problems: [(0,_problems_js__WEBPACK_IMPORTED_MODULE_5__/* .problem */ .CC)(missing ? 'file-missing' : 'file-unreadable', missing ? 'no such file' : (0,_problems_js__WEBPACK_IMPORTED_MODULE_5__/* .errorText */ .kc)(e), { file })] };
    }
    if (size === 0)
        return { builds: [], problems: [(0,_problems_js__WEBPACK_IMPORTED_MODULE_5__/* .problem */ .CC)('file-empty', 'is empty', { file })] };
    return readStream(file, () => openStream(path), sink);
}
/** Reads progress from a stream (a file, gunzipped or not, or standard input); failing to open it is a read that stopped. */
async function readStream(file, open, sink) {
    const reader = new _progress_detect_js__WEBPACK_IMPORTED_MODULE_3__/* .ProgressReader */ .V(file);
    let failure;
    let handed = 0;
    const hand = (builds) => {
        if (!sink)
            return;
        for (const b of builds)
            sink(b);
        handed += builds.length;
    };
    try {
        // bytes go to the parser as they are: it decodes only the lines it reads as text
        for await (const chunk of await open()) {
            if (typeof chunk === 'string')
                reader.push(chunk);
            else
                reader.write(chunk);
            if (sink)
                hand(reader.take());
        }
    }
    catch (e) {
        // a truncated .gz or a read error half-way: keep what was read before it
        failure = (0,_problems_js__WEBPACK_IMPORTED_MODULE_5__/* .problem */ .CC)('file-unreadable', `read stopped: ${(0,_problems_js__WEBPACK_IMPORTED_MODULE_5__/* .errorText */ .kc)(e)}`, { file });
    }
    const result = reader.end();
    if (failure)
        result.problems.push(failure);
    if (sink) {
        hand(result.builds);
        result.builds = [];
    }
    if (result.builds.length === 0 && handed === 0 && !failure) {
        result.problems.push((0,_problems_js__WEBPACK_IMPORTED_MODULE_5__/* .problem */ .CC)('no-builds', 'has no BuildKit progress (expected `--progress=plain` or `--progress=rawjson` output)', { file }));
    }
    return result;
}
/** Bytes read at a time into the one buffer a plain file is read through. */
const CHUNK = 512 * 1024;
async function openStream(file) {
    const fd = await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .open */ .ho)(file, 'r');
    const magic = Buffer.alloc(2);
    try {
        // at offset 0, by position: the chunks then read on from the start
        await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .read */ .LF)(fd, magic, 2, 0);
    }
    catch (e) {
        await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .close */ .VN)(fd);
        throw e;
    }
    if (magic[0] !== 0x1f || magic[1] !== 0x8b)
        return chunks(fd);
    await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .close */ .VN)(fd);
    // loaded for a gzipped log only
    const { createGunzip } = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 8522, 19));
    const stream = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(file, { highWaterMark: 1 << 20 });
    const gunzip = createGunzip();
    stream.on('error', (e) => gunzip.destroy(e));
    return stream.pipe(gunzip);
}
/**
 * A file's bytes through two buffers in turn, each filled again for the chunk after next: the next
 * read is asked for before a chunk is handed on, so the disk (or page cache) works while the
 * parser reads, and a gigabyte read this way makes no garbage (the parsers copy what they keep).
 */
async function* chunks(fd) {
    let pending;
    try {
        let current = Buffer.allocUnsafe(CHUNK);
        let next = Buffer.allocUnsafe(CHUNK);
        let bytes = await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .read */ .LF)(fd, current, CHUNK, null);
        while (bytes > 0) {
            // reads go one at a time, in order: this one starts where the last ended
            pending = (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .read */ .LF)(fd, next, CHUNK, null);
            yield current.subarray(0, bytes);
            bytes = await pending;
            pending = undefined;
            [current, next] = [next, current];
        }
    }
    finally {
        // a read still out when the reader stopped early ends before the file is closed
        if (pending)
            await pending.catch(() => undefined);
        await (0,_fs_async_js__WEBPACK_IMPORTED_MODULE_1__/* .close */ .VN)(fd);
    }
}


/***/ }),

/***/ 7080:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Tg: () => (/* binding */ shareStdout),
/* harmony export */   c4: () => (/* binding */ stdoutStream),
/* harmony export */   sD: () => (/* binding */ writeOut)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);

// The job log, written to fd 1 directly on Linux: process.stdout's first use builds a stream (net,
// a pipe handle) and exiting flushed it and stderr, a tenth of a small run. Node writes pipes and
// files synchronously on Linux anyway, so the order of lines is the same. Elsewhere (a pipe is
// written asynchronously on macOS and Windows), and once fd 1 refuses a write (a non-blocking pipe
// that is full), the stream is used, and flushed at exit.
let stream = process.platform !== 'linux';
/** Writes text to the job log (standard output). */
function writeOut(text) {
    if (!stream) {
        const bytes = Buffer.from(text);
        let at = 0;
        try {
            while (at < bytes.length)
                at += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(1, bytes, at);
            return;
        }
        catch {
            // EAGAIN, or anything else: the stream takes over from where the write stopped, and says what went wrong its own way
            stream = true;
            process.stdout.write(bytes.subarray(at));
            return;
        }
    }
    process.stdout.write(text);
}
/**
 * A package that writes to process.stdout itself is loaded (@actions/core's debug lines, inside
 * @actions/cache, /glob, /exec and /github): its stream makes fd 1 non-blocking and may hold
 * writes back, so from now on the job log goes through that stream too, in order, and it is
 * flushed at exit.
 */
function shareStdout() {
    stream = true;
}
/** Whether process.stdout carries the job log, and must be flushed before the process exits. */
function stdoutStream() {
    return stream;
}


/***/ }),

/***/ 361:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ escapeText),
/* harmony export */   a: () => (/* binding */ code)
/* harmony export */ });
// Everything that comes from a log passes through here before it reaches the job summary:
// step names and output are whatever the user's Dockerfile prints.
// eslint-disable-next-line no-control-regex
const CONTROL = /\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f]/g;
// Characters that are markup inside a line (HTML, table cells, emphasis, links, code, math,
// mentions, issue and emoji references, autolinks) become numeric references, which GitHub
// renders as the character and never as syntax, inside <code> as well.
const ACTIVE = /[&<>`*_[\]|\\~@#$!]|:(?=\/\/)|\.(?<=www\.)/gi;
/** Escapes text for a markdown table cell or HTML: one line, no markup, no mentions, no links. */
function escapeText(text, max = 300) {
    let s = text.replace(CONTROL, '').replace(/[\r\n\t]+/g, ' ');
    if (s.length > max)
        s = `${s.slice(0, max - 1)}…`;
    return s.replace(ACTIVE, (c) => `&#${c.charCodeAt(0)};`);
}
/** Log text in an HTML code element. */
function code(text, max = 300) {
    return `<code>${escapeText(text, max)}</code>`;
}


/***/ }),

/***/ 4710:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ problemsNote)
/* harmony export */ });
/* harmony import */ var _problems_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5451);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(361);


const SHOWN = 20;
/** The problems met, as a warning callout under `heading`: the first 20, and how many more the JSON report has. */
function problemsNote(problems, heading) {
    if (problems.length === 0)
        return '';
    const shown = problems.slice(0, SHOWN).map((p) => `> - ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeText */ .X)((0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .describeProblem */ .BJ)(p), 400)}`);
    if (problems.length > SHOWN)
        shown.push(`> - … and ${problems.length - SHOWN} more in the JSON report`);
    return ['> [!WARNING]', `> ${heading}`, ...shown, ''].join('\n');
}


/***/ }),

/***/ 9876:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ row)
/* harmony export */ });
/** One markdown table row; cells are escaped by the caller. */
function row(cells) {
    return `| ${cells.join(' | ')} |`;
}


/***/ }),

/***/ 6558:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   I8: () => (/* binding */ parseCacheEntry),
/* harmony export */   dh: () => (/* binding */ ghaScope),
/* harmony export */   ig: () => (/* binding */ modeMax),
/* harmony export */   xS: () => (/* binding */ hasExpression)
/* harmony export */ });
const EXPRESSION = /\$\{\{[\s\S]*?\}\}/;
const EXPRESSIONS = /\$\{\{[\s\S]*?\}\}/g;
/**
 * Reads a cache value as buildx does: CSV fields of `key=value`, double quotes around a field
 * that holds a comma, and a value with no `=` at all a registry ref (`user/app:cache`). A comma
 * inside a `${{ }}` expression does not split it: GitHub replaces the expression first.
 */
function parseCacheEntry(text, line) {
    const t = text.trim();
    if (t === '')
        return undefined;
    const attrs = {};
    // an expression alone may give any type, or nothing at all
    if (t.replace(EXPRESSIONS, '').trim() === '')
        return { text: t, line, type: undefined, attrs };
    const fields = csvFields(t);
    if (fields.length === 1 && !t.replace(EXPRESSIONS, '').includes('='))
        return { text: t, line, type: 'registry', attrs: { ref: t } };
    for (const f of fields) {
        const eq = f.indexOf('=');
        if (eq > 0)
            attrs[f.slice(0, eq).trim().toLowerCase()] = f.slice(eq + 1).trim();
    }
    const type = attrs.type;
    delete attrs.type;
    return { text: t, line, type: type === undefined || EXPRESSION.test(type) ? undefined : type.toLowerCase(), attrs };
}
/** `scope` of a `type=gha` cache: `buildkit` when none is given, as BuildKit's default. */
function ghaScope(e) {
    return e.attrs.scope ?? 'buildkit';
}
/** Whether the entry exports all layers (`mode=max`); undefined when an expression decides. */
function modeMax(e) {
    const mode = e.attrs.mode;
    if (mode !== undefined && EXPRESSION.test(mode))
        return undefined;
    return mode === 'max';
}
function hasExpression(text) {
    return EXPRESSION.test(text);
}
function csvFields(text) {
    const fields = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i] ?? '';
        if (!quoted && text.startsWith('${{', i)) {
            const end = text.indexOf('}}', i + 3);
            const stop = end < 0 ? text.length : end + 2;
            field += text.slice(i, stop);
            i = stop - 1;
        }
        else if (c === '"') {
            // `""` inside quotes is one quote, as in encoding/csv
            if (quoted && text[i + 1] === '"') {
                field += '"';
                i++;
            }
            else
                quoted = !quoted;
        }
        else if (c === ',' && !quoted) {
            fields.push(field);
            field = '';
        }
        else
            field += c;
    }
    fields.push(field);
    return fields.map((f) => f.trim()).filter((f) => f !== '');
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(5691);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
