export const id = 630;
export const ids = [630];
export const modules = {

/***/ 6591:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {



/* unused reexport */ __webpack_require__(5335);
exports.parse = __webpack_require__(2696);


/***/ }),

/***/ 2696:
/***/ ((module) => {



/**
 * @import {
 * 	ControlOperator,
 * 	Env,
 * 	GlobPattern,
 * 	ParseEntry,
 * } from './parse' */

// '<(' and '>(' are process substitution operators and
// can be parsed the same as control operator
var CONTROL = /** @type {const} */ ('(?:') + /** @type {const} */ ([
	'\\|\\|',
	'\\&(?:\\&|>>?)', // `&&`, `&>`, and `&>>`
	';;\\&?', // `;;` and `;;&`
	'[;|]\\&', // `;&` and `|&`
	'\\<\\(',
	'\\<\\<\\<',
	'\\<\\<-',
	'\\<\\<(?!\\()', // `<<(` stays `<` and `<(`, as zsh reads it; other shells reject it
	'>>',
	'>[&|(]', // `>&`, `>|`, and `>(`
	'<[&>]', // `<&` and `<>`
	'[&;()|<>]'
]).join(/** @type {const} */ ('|')) + /** @type {const} */ (')');
var controlRE = new RegExp('^' + CONTROL + '$');
var META = /** @type {const} */ ('|&;()<> \\t');
var SINGLE_QUOTE = /** @type {const} */ ('\'([^\']*?)\'');
// bash ANSI-C quoting, `$'...'`: a backslash escapes the next character, including `'`
var ANSI_C_BODY = '(?:\\\\[\\s\\S]|[^\\\\\'])*?';
var ANSI_C_QUOTE = '\\$\'' + ANSI_C_BODY + '\'';
var ansiCAt = new RegExp('\\$\'' + ANSI_C_BODY + '(?:(\')|\\\\?$)', 'g');
var ANSI_C_LETTERS = 'abeEfnrtv';
var ANSI_C_CHARS = '\x07\b\x1B\x1B\f\n\r\t\v';
var hash = /^#$/;

var SQ = /** @type {const} */ ("'");
var DQ = /** @type {const} */ ('"');
var DS = /** @type {const} */ ('$');

var TOKEN = '';
var mult = /** @type {const} */ (0x100000000); // Math.pow(16, 8);
for (var i = 0; i < 4; i++) {
	TOKEN += (mult * Math.random()).toString(16);
}
var startsWithToken = new RegExp('^' + TOKEN);

/**
 * @param {string} s
 * @param {RegExp} r
 */
function matchAll(s, r) {
	var origIndex = r.lastIndex;

	var matches = [];
	var matchObj;

	while ((matchObj = r.exec(s))) {
		matches[matches.length] = matchObj;
		if (r.lastIndex === matchObj.index) {
			r.lastIndex += 1;
		}
	}

	r.lastIndex = origIndex;

	return matches;
}

/**
 * @param {Env} env
 * @param {string} pre
 * @param {string} key
 */
function getVar(env, pre, key) {
	var r = typeof env === 'function' ? env(key) : env[key];
	if (typeof r === 'undefined' && key != '') {
		r = '';
	} else if (typeof r === 'undefined') {
		r = '$';
	}

	if (typeof r === 'object') {
		return pre + TOKEN + JSON.stringify(r) + TOKEN;
	}
	return pre + r;
}

var ansiCEscape = /\\([0-7]{1,3}|x[\dA-Fa-f]{1,2}|u[\dA-Fa-f]{1,4}|U[\dA-Fa-f]{1,8}|c(?:\\\\|[\s\S])|[abeEfnrtv\\'"?])/g;

/**
 * @param {string} m
 * @param {string} escape
 */
function expandAnsiCEscape(m, escape) {
	var kind = escape.charAt(0);
	if (kind === 'c') {
		var ctrl = escape.charAt(1);
		return ctrl === '?' ? '\x7F' : String.fromCharCode(ctrl.charCodeAt(0) & 0x1F);
	}
	if (kind === 'x' || kind === 'u' || kind === 'U') {
		var cp = parseInt(escape.slice(1), 16);
		if (cp > 0x10FFFF) {
			return m;
		}
		return String.fromCharCode.apply(null, cp > 0xFFFF ? [0xD7C0 + (cp >> 10), 0xDC00 + (cp & 0x3FF)] : [cp]);
	}
	if (kind >= '0' && kind <= '7') {
		return String.fromCharCode(parseInt(escape, 8) & 0xFF);
	}
	var letter = ANSI_C_LETTERS.indexOf(escape);
	return letter < 0 ? escape : ANSI_C_CHARS.charAt(letter);
}

/** @param {string} body */
function expandAnsiC(body) {
	return body.replace(ansiCEscape, expandAnsiCEscape).split('\0')[0]; // like bash, a NUL ends the string
}

/**
 * @param {string} s
 * @param {number} i
 */
function closesAnsiC(s, i) {
	ansiCAt.lastIndex = i;
	return !!(/** @type {RegExpExecArray} */ (ansiCAt.exec(s)))[1];
}

/**
 * @param {string} string
 * @param {Env} [env]
 * @param {{ escape?: string, splitUnquoted?: boolean | string }} [opts]
 * @returns {ParseEntry[]}
 */
function parseInternal(string, env, opts) {
	if (!opts) {
		opts = {};
	}
	var BS = opts.escape || '\\';
	var ifs = opts.splitUnquoted === true ? ' \t\n' : (typeof opts.splitUnquoted === 'string' ? opts.splitUnquoted : '');
	var BAREWORD = '(\\' + BS + '[\'"$\\' + BS + META + ']|\\$\\$|\\$(?!' + ANSI_C_QUOTE.slice(2) + ')|[^\\s\'"$' + META + '])+';
	var DOUBLE_QUOTE = '"(?:\\' + BS + '[\\s\\S]|[^"\\' + BS + '])*"';

	var chunker = new RegExp([
		'(' + CONTROL + ')', // control chars
		'(' + ANSI_C_QUOTE + '|' + BAREWORD + '|' + DOUBLE_QUOTE + '|' + SINGLE_QUOTE + ')+'
	].join('|'), 'g');

	var matches = matchAll(string, chunker);

	if (matches.length === 0) {
		return [];
	}
	if (!env) {
		env = {};
	}

	var commented = false;

	return matches.map(function (match) {
		var s = match[0];
		if (!s || commented) {
			return void undefined;
		}
		if (controlRE.test(s)) {
			return /** @type {ControlOperator} */ ({ op: s });
		}

		// Hand-written scanner/parser for Bash quoting rules:
		//
		// 1. inside single quotes, all characters are printed literally.
		// 2. inside double quotes, all characters are printed literally
		//    except variables prefixed by '$' and backslashes followed by
		//    either a double quote or another backslash.
		// 3. outside of any quotes, backslashes are treated as escape
		//    characters and not printed (unless they are themselves escaped)
		// 4. quote context can switch mid-token if there is no whitespace
		//     between the two quote contexts (e.g. all'one'"token" parses as
		//     "allonetoken")
		/** @type {string | boolean} */
		var quote = false;
		var esc = false;
		var out = '';
		/** @type {string[]} */
		var words = [];
		var sawQuote = false;
		/** @type {number | null} */
		var pendingNw = null;
		var isGlob = false;
		/** @type {number} */
		var i;

		function parseEnvVar() {
			i += 1;
			/** @type {number | RegExpMatchArray | null} */
			var varend;
			/** @type {string} */
			var varname;
			var char = s.charAt(i);

			if (char === '{') {
				i += 1;
				if (s.charAt(i) === '}') {
					throw new Error('Bad substitution: ' + s.slice(i - 2, i + 1));
				}
				// match braces by depth so a nested `${` keeps its inner `}` from ending the outer substitution
				var depth = 1;
				varend = i;
				while (depth > 0 && varend < s.length) {
					if (s.charAt(varend) === '{' && s.charAt(varend - 1) === '$') {
						depth += 1;
					} else if (s.charAt(varend) === '}') {
						depth -= 1;
					}
					varend += 1;
				}
				if (depth !== 0) {
					throw new Error('Bad substitution: ' + s.slice(i));
				}
				varend -= 1;
				varname = s.slice(i, varend);
				i = varend;
			} else if ((/[*@#?$!-]/).test(char)) {
				varname = char;
			} else {
				var slicedFromI = s.slice(i);
				varend = slicedFromI.match(/[^\w\d_]/);
				if (!varend) {
					varname = slicedFromI;
					i = s.length;
				} else {
					varname = slicedFromI.slice(0, varend.index);
					i += /** @type {number} */ (varend.index) - 1;
				}
			}
			return getVar(/** @type {NonNullable<typeof env>} */ (env), '', varname);
		}

		function flushRun() {
			if (pendingNw === null) {
				return;
			}
			if (pendingNw === 0) {
				if (out !== '') {
					words[words.length] = out;
					out = '';
				}
			} else {
				words[words.length] = out;
				out = '';
				for (var fe = 1; fe < pendingNw; fe += 1) {
					words[words.length] = '';
				}
			}
			pendingNw = null;
		}

		for (i = 0; i < s.length; i++) {
			var c = s.charAt(i);
			if (ifs && c !== DS) {
				flushRun();
			}
			isGlob = isGlob || (!quote && (c === '*' || c === '?'));
			if (esc) {
				out += c;
				esc = false;
			} else if (quote) {
				if (c === quote) {
					quote = false;
				} else if (quote == SQ) {
					out += c;
				} else { // Double quote
					if (c === BS) {
						i += 1;
						c = s.charAt(i);
						if (c === DQ || c === BS || c === DS) {
							out += c;
						} else {
							out += BS + c;
						}
					} else if (c === DS) {
						out += parseEnvVar();
					} else {
						out += c;
					}
				}
			} else if (c === DQ || c === SQ) {
				quote = c;
				sawQuote = true;
			} else if (controlRE.test(c)) {
				return /** @type {ControlOperator} */ ({ op: s });
			} else if (hash.test(c)) {
				commented = true;
				var commentObj = { comment: string.slice(match.index + i + 1) };
				if (out.length) {
					return /** @type {const} */ ([out, commentObj]);
				}
				return /** @type {const} */ ([commentObj]);
			} else if (c === BS) {
				esc = true;
			} else if (c === DS && s.charAt(i + 1) === SQ && closesAnsiC(s, i)) {
				flushRun();
				sawQuote = true;
				out += expandAnsiC(s.slice(i + 2, ansiCAt.lastIndex - 1));
				i = ansiCAt.lastIndex - 1;
			} else if (c === DS) {
				var value = parseEnvVar();
				if (!ifs) {
					out += value;
				} else {
					for (var vi = 0; vi < value.length; vi += 1) {
						var vc = value.charAt(vi);
						if (ifs.indexOf(vc) < 0) {
							flushRun();
							out += vc;
						} else if (pendingNw === null) {
							pendingNw = vc === ' ' || vc === '\t' || vc === '\n' ? 0 : 1;
						} else if (vc !== ' ' && vc !== '\t' && vc !== '\n') {
							pendingNw += 1;
						}
					}
				}
			} else {
				out += c;
			}
		}

		if (isGlob) {
			return /** @type {GlobPattern} */ ({ op: 'glob', pattern: out });
		}

		if (ifs) {
			if (pendingNw !== null && pendingNw > 0) {
				words[words.length] = out;
				out = '';
				for (var te = 1; te < pendingNw; te += 1) {
					words[words.length] = '';
				}
			}
			if (out !== '' || (sawQuote && words.length === 0)) {
				words[words.length] = out;
			}
			return words;
		}

		return out;
	}).reduce(function (prev, arg) { // finalize parsed arguments
		if (typeof arg === 'undefined') {
			return prev;
		}
		/** @type {ParseEntry[]} */ ([]).concat(arg).forEach(function (entry) {
			prev[prev.length] = entry;
		});
		return prev;
	}, /** @type {ParseEntry[]} */ ([]));
}

/** @type {typeof import('./parse')} */
module.exports = function parse(s, env, opts) {
	var mapped = parseInternal(s, env, opts);
	if (typeof env !== 'function') {
		return mapped;
	}
	return mapped.reduce(function (acc, s) {
		if (typeof s === 'object') {
			acc[acc.length] = s;
			return acc;
		}
		var xs = s.split(RegExp('(' + TOKEN + '.*?' + TOKEN + ')', 'g'));
		if (xs.length === 1) {
			acc[acc.length] = xs[0];
			return acc;
		}
		xs.filter(Boolean).forEach(function (x) {
			acc[acc.length] = startsWithToken.test(x)
				? JSON.parse(x.split(TOKEN)[1])
				: x;
		});
		return acc;
	}, /** @type {ParseEntry[]} */ ([]));
};


/***/ }),

/***/ 5335:
/***/ ((module) => {



/** @import { ControlOperator } from './parse' */

/** @type {ControlOperator['op'][]} */
var OPS = /** @type {const} */ ([
	'||',
	'&&',
	';;&',
	';;',
	';&',
	'|&',
	'<(',
	'>(',
	'<<<',
	'<<-',
	'<<',
	'>>',
	'>&',
	'>|',
	'&>>',
	'&>',
	'<&',
	'<>',
	'&',
	';',
	'(',
	')',
	'|',
	'<',
	'>'
]);
var LINE_TERMINATORS = /[\n\r\u2028\u2029]/;
var GLOB_SHELL_SPECIAL = /[\s#!"$&'():;<=>@\\^`|~]/g;

/** @type {typeof import('./quote')} */
module.exports = function quote(xs) {
	var sawComment = false;
	return xs.map(function (s) {
		if (sawComment && typeof s === 'string' && LINE_TERMINATORS.test(s)) {
			throw new TypeError('a token after a `comment` must not contain line terminators');
		}
		if (s === '') {
			return /** @type {const} */ ('\'\'');
		}
		if (s && typeof s === 'object') {
			if ('op' in s && s.op === 'glob') {
				if (typeof s.pattern !== 'string') {
					throw new TypeError('glob token requires a string `pattern`');
				}
				if (LINE_TERMINATORS.test(s.pattern)) {
					throw new TypeError('glob `pattern` must not contain line terminators');
				}
				if (s.pattern === '') {
					return /** @type {const} */ ('\'\'');
				}
				return s.pattern.replace(GLOB_SHELL_SPECIAL, '\\$&');
			}
			if ('op' in s && typeof s.op === 'string') {
				if (OPS.indexOf(s.op) < 0) {
					throw new TypeError('invalid `op` value: ' + JSON.stringify(s.op));
				}
				return s.op.replace(/[\s\S]/g, '\\$&');
			}
			if ('comment' in s && typeof s.comment === 'string') {
				if (LINE_TERMINATORS.test(s.comment)) {
					throw new TypeError('`comment` must not contain line terminators');
				}
				sawComment = true;
				return '#' + s.comment;
			}
			throw new TypeError('unrecognized object token shape');
		}
		if ((/'/).test(s) && (/!/).test(s)) {
			return "'" + s.replace(/'/g, "'\"'\"'") + "'";
		}
		if ((/["\s\\]/).test(s) && !(/'/).test(s)) {
			return "'" + s + "'";
		}
		if ((/["'\s]/).test(s)) {
			return '"' + s.replace(/(["\\$`])/g, '\\$1') + '"';
		}
		return String(s).replace(/([A-Za-z]:)?([#!"$&'()*,:;<=>?@[\\\]^`{|}~])/g, '$1\\$2');
	}).join(' ');
};


/***/ }),

/***/ 2249:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EXPECTED_COMMAND: () => (/* binding */ EXPECTED_COMMAND),
/* harmony export */   commandBuildArgs: () => (/* binding */ commandBuildArgs),
/* harmony export */   commandCacheOptions: () => (/* binding */ commandCacheOptions),
/* harmony export */   mayExportToActionsCache: () => (/* binding */ mayExportToActionsCache),
/* harmony export */   prepareRunCommand: () => (/* binding */ prepareRunCommand)
/* harmony export */ });
/* harmony import */ var shell_quote__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6591);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4238);
/* harmony import */ var _workflow_cache_entry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6558);



const EXPECTED_COMMAND = 'one docker build, buildx build or buildx bake command';
/**
 * Splits the `run` input into argv without a shell (shell-quote: quotes, escapes, `$VAR` from
 * the environment; operators, globs and a second command are refused), checks that it is a
 * `docker build`, `docker image build`, `docker buildx build|b` or `docker buildx bake|f`, with
 * only the docker and buildx global options known here before the subcommand, and adds
 * `--progress=rawjson` and `--metadata-file` unless the user set them.
 *
 * A refusal carries `error` (its message, as before) and `refusal` (the parts).
 */
function prepareRunCommand(run, env, metadataFile) {
    // `\` at a line end continues the line, as in a workflow's `run:`; any other line break would
    // start a second command, which a single build cannot be.
    const text = run.replace(/\\\r?\n/g, ' ').trim();
    const refuse = (message, expected = EXPECTED_COMMAND) => {
        const refusal = { input: _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.Run, value: text, expected, message: `${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.Run}: ${message}` };
        return { error: refusal.message, refusal };
    };
    if (/\n\s*\S/.test(text))
        return refuse('give one docker build command (continue long lines with \\); it runs without a shell');
    const parsed = (0,shell_quote__WEBPACK_IMPORTED_MODULE_0__.parse)(text, (key) => env[key] ?? '');
    const argv = [];
    for (const entry of parsed) {
        if (typeof entry === 'string') {
            argv.push(entry);
            continue;
        }
        // an unquoted `*` (bake's `--set *.platform=…`) is a glob to shell-quote: say how to pass it
        if ('pattern' in entry)
            return refuse(`"${entry.pattern}" is shell syntax (a glob), and the command runs without a shell; quote it to pass it as it is`);
        const what = 'comment' in entry ? `#${entry.comment}` : entry.op;
        return refuse(`"${what}" is shell syntax, and the command runs without a shell; give one docker build command with its arguments`);
    }
    const sub = findSubcommand(argv);
    if ('refused' in sub)
        return refuse(sub.refused, sub.expected);
    const at = sub.at;
    const progress = flagValue(argv, at, '--progress');
    // bake has no --quiet; there `-q` is an error of buildx's own
    const quiet = sub.kind === 'build' && argv.slice(at + 1).some((a) => a === '-q' || a === '--quiet');
    const added = [];
    let mode = 'rawjson';
    if (progress === undefined) {
        if (quiet)
            mode = 'unreadable';
        else
            added.push('--progress=rawjson');
    }
    else {
        mode = progress === 'rawjson' ? 'rawjson' : progress === 'plain' ? 'plain' : 'unreadable';
    }
    let metadata = flagValue(argv, at, '--metadata-file');
    if (metadata === undefined) {
        metadata = metadataFile;
        added.push('--metadata-file', metadataFile);
    }
    const args = [...argv.slice(1, at + 1), ...added, ...argv.slice(at + 1)];
    return { command: { file: 'docker', args, kind: sub.kind, progress: mode, metadataFile: metadata } };
}
// docker 28 `docker --help`, Global Options; `-v/--version` and `-h/--help` build nothing.
const DOCKER_OPTIONS = [
    { long: 'config', takesValue: true },
    { long: 'context', short: 'c', takesValue: true },
    { long: 'debug', short: 'D', takesValue: false },
    { long: 'host', short: 'H', takesValue: true },
    { long: 'log-level', short: 'l', takesValue: true },
    { long: 'tls', takesValue: false },
    { long: 'tlscacert', takesValue: true },
    { long: 'tlscert', takesValue: true },
    { long: 'tlskey', takesValue: true },
    { long: 'tlsverify', takesValue: false }
];
// buildx 0.29 `docker buildx --help`, Options.
const BUILDX_OPTIONS = [
    { long: 'builder', takesValue: true },
    { long: 'debug', short: 'D', takesValue: false }
];
// what pflag's boolean flags accept after `=` (strconv.ParseBool)
const BOOLEAN = /^(1|0|t|f|T|F|true|false|TRUE|FALSE|True|False)$/;
const names = (specs) => specs.map((o) => (o.short === undefined ? `--${o.long}` : `-${o.short}/--${o.long}`)).join(', ');
/** Where the build subcommand is, after the options of docker (and buildx) that are known here. */
function findSubcommand(argv) {
    // the words up to the one that is not a build, so `docker --config build run` shows its `run`
    const notBuild = (at) => ({
        refused: `expected a \`docker build\`, \`docker buildx build\` or \`docker buildx bake\` command, got "${argv.slice(0, Math.max(3, at + 1)).join(' ')}"`,
        expected: EXPECTED_COMMAND
    });
    if (argv[0] !== 'docker')
        return notBuild(0);
    const i = skipOptions(argv, 1, DOCKER_OPTIONS, 'docker');
    if (typeof i !== 'number')
        return i;
    const command = argv[i];
    if (command === 'build')
        return { at: i, kind: 'build' };
    // `docker image build` and `docker builder build` are aliases of `docker build`
    if ((command === 'image' || command === 'builder') && argv[i + 1] === 'build')
        return { at: i + 1, kind: 'build' };
    if (command !== 'buildx')
        return notBuild(i + (command === 'image' || command === 'builder' ? 1 : 0));
    const j = skipOptions(argv, i + 1, BUILDX_OPTIONS, 'buildx');
    if (typeof j !== 'number')
        return j;
    const sub = argv[j];
    // `b` and `f` are buildx's own aliases of build and bake
    if (sub === 'build' || sub === 'b')
        return { at: j, kind: 'build' };
    if (sub === 'bake' || sub === 'f')
        return { at: j, kind: 'bake' };
    return notBuild(j);
}
/**
 * Skips the global options of `docker` or `buildx` from `from` on, as pflag reads them:
 * `--opt value`, `--opt=value`, `-o value`, `-o=value`, `-ovalue`, and booleans alone or with
 * `=true|false`. An option not in the list is refused: guessing whether it takes a value
 * would let `docker --unknown build run ...` run `docker run`.
 */
function skipOptions(argv, from, specs, program) {
    let i = from;
    for (;;) {
        const a = argv[i] ?? '';
        if (!a.startsWith('-') || a === '-')
            return i;
        const long = a.startsWith('--');
        const eq = a.indexOf('=');
        let name;
        let inline;
        if (long) {
            name = eq < 0 ? a.slice(2) : a.slice(2, eq);
            inline = eq < 0 ? undefined : a.slice(eq + 1);
        }
        else {
            name = a.slice(1, 2);
            const rest = a.slice(2);
            inline = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
        }
        const spec = specs.find((o) => (long ? o.long === name : o.short === name));
        // a boolean takes no value but `=true|false`; `-Dx` would be two short options at once
        const badBoolean = spec !== undefined && !spec.takesValue && inline !== undefined && !(a.includes('=') && BOOLEAN.test(inline));
        if (spec === undefined || name === '' || badBoolean)
            return {
                refused: `"${a}" is not a ${program} option that run mode accepts before the command (known: ${names(specs)})`,
                expected: `only the ${program} options ${names(specs)} before the command`
            };
        if (!spec.takesValue) {
            i++;
            continue;
        }
        if (inline !== undefined) {
            i++;
            continue;
        }
        if (i + 1 >= argv.length)
            return { refused: `${program} option "${a}" needs a value`, expected: `a value after ${a}` };
        i += 2;
    }
}
/** `--flag=value` or `--flag value` after the subcommand. */
function flagValue(argv, from, flag) {
    for (let i = from + 1; i < argv.length; i++) {
        const a = argv[i] ?? '';
        if (a === flag)
            return argv[i + 1];
        if (a.startsWith(`${flag}=`))
            return a.slice(flag.length + 1);
    }
    return undefined;
}
/**
 * The build args the command passes: `--build-arg NAME=value`, `--build-arg=NAME=value`,
 * `--build-arg NAME` (docker takes the value from its environment, which is `env`), and bake's
 * `--set <target>.args.NAME=value`. Bake's files are not read: their args show in the records.
 */
function commandBuildArgs(command, env) {
    const out = [];
    const { args } = command;
    for (let i = 0; i < args.length; i++) {
        const a = args[i] ?? '';
        let flag = a;
        let value;
        const eq = a.indexOf('=');
        if (a.startsWith('--') && eq > 0) {
            flag = a.slice(0, eq);
            value = a.slice(eq + 1);
        }
        else if (a === '--build-arg' || a === '--set') {
            value = args[++i];
        }
        if (value === undefined)
            continue;
        if (flag === '--build-arg') {
            const at = value.indexOf('=');
            if (at > 0)
                out.push({ name: value.slice(0, at), value: value.slice(at + 1) });
            else if (value !== '' && env[value] !== undefined)
                out.push({ name: value, value: env[value] ?? '' });
        }
        else if (flag === '--set' && command.kind === 'bake') {
            const m = /^[^=]*\.args\.([^=.]+)=(.*)$/s.exec(value);
            if (m)
                out.push({ name: m[1] ?? '', value: m[2] ?? '' });
        }
    }
    return out;
}
/** `--no-cache`, `--no-cache-filter`, `--cache-to` and `--cache-from` of a build command (both `--flag v` and `--flag=v`). */
function commandCacheOptions(command) {
    const out = { cacheTo: [], cacheFrom: [] };
    const filters = [];
    const { args } = command;
    for (let i = 0; i < args.length; i++) {
        const a = args[i] ?? '';
        const eq = a.startsWith('--') ? a.indexOf('=') : -1;
        const flag = eq > 0 ? a.slice(0, eq) : a;
        if (flag === '--no-cache' && eq < 0)
            out.noCache = true;
        if (flag !== '--no-cache-filter' && flag !== '--cache-to' && flag !== '--cache-from')
            continue;
        const value = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (value === undefined)
            continue;
        if (flag === '--no-cache-filter')
            filters.push(...value.split(',').filter((s) => s !== ''));
        else if (flag === '--cache-to')
            out.cacheTo.push(value);
        else
            out.cacheFrom.push(value);
    }
    if (out.noCache === undefined && filters.length > 0)
        out.noCache = filters;
    return out;
}
/** Cache stores other than the repository's Actions cache (buildx's `--cache-to` types). */
const ELSEWHERE = new Set(['registry', 'local', 'inline', 's3', 'azblob']);
/**
 * Whether the build may still change the repository's Actions cache: a `--cache-to` of
 * `type=gha` or of a type not known here, or a bake, whose file may name one the command does not.
 */
function mayExportToActionsCache(command, options) {
    if (command.kind === 'bake')
        return true;
    return options.cacheTo.some((to) => {
        const type = (0,_workflow_cache_entry_js__WEBPACK_IMPORTED_MODULE_2__/* .parseCacheEntry */ .I8)(to, 0)?.type;
        return type === undefined || !ELSEWHERE.has(type);
    });
}


/***/ })

};
