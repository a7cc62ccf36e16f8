// Reads trace files with speedscope's own importer and prints what it imported, as JSON:
// for each file, the importer it chose, its warnings, and every profile (one per Chrome
// pid/tid) with every slice: [open µs, close µs, name, depth], times from the profile's
// first event as speedscope counts them.
//
// The code is speedscope's release bundle from npm (version pinned in package.json and
// package-lock.json), run in a Node VM context. It is the path of `speedscope FILE`: the CLI
// hands the file's name and base64 bytes to `importProfileGroupFromBase64`. The bundle ends
// by mounting the web app; one statement is inserted before that mount to hand the import
// module out and stop, so no DOM is needed. Until then its modules only read a few browser
// globals at load (location, localStorage, matchMedia), given as stubs below.
//
// Usage: node speedscope-read.mjs FILE...

import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import {fileURLToPath} from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const pkg = path.join(here, 'node_modules', 'speedscope')
const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version
const expected = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8')).dependencies
  .speedscope
if (version !== expected) {
  throw new Error(`speedscope ${version} installed, ${expected} expected: run npm ci here`)
}

const release = path.join(pkg, 'dist', 'release')
const html = fs.readFileSync(path.join(release, 'index.html'), 'utf8')
const script = /<script src="(speedscope-[\w-]+\.js)">/.exec(html)
if (!script) throw new Error('no speedscope script in index.html')
let source = fs.readFileSync(path.join(release, script[1]), 'utf8')

function once(re, what) {
  const all = [...source.matchAll(re)]
  if (all.length !== 1) throw new Error(`${what}: ${all.length} matches in the bundle`)
  return all[0]
}
// `async function X(t,e){return(await M).importProfileGroupFromBase64(t,e)}`: M is the
// promise of the import module (src/import/index.ts).
const importModule = once(/\(await (\w+)\)\.importProfileGroupFromBase64\(/g, 'import module')[1]
const mount = once(/console\.log\(`speedscope v/g, 'app mount').index
source =
  source.slice(0, mount) +
  `globalThis.__speedscopeImport=${importModule};return;` +
  source.slice(mount)

let log = []
const record = kind => (...args) => log.push([kind, args.map(String).join(' ')])
const sandbox = {
  console: {log: record('log'), info: record('log'), debug: record('log'), warn: record('warn'), error: record('error')},
  TextDecoder,
  TextEncoder,
  setTimeout,
  clearTimeout,
  atob,
  btoa,
  URL,
  matchMedia: () => ({matches: false, addEventListener() {}, addListener() {}}),
  window: {
    location: {hash: '', protocol: 'file:', href: 'file:///speedscope/index.html'},
    localStorage: {},
    devicePixelRatio: 1,
    addEventListener() {},
    removeEventListener() {},
  },
}
sandbox.globalThis = sandbox
sandbox.self = sandbox
vm.createContext(sandbox)
vm.runInContext(source, sandbox, {filename: script[1]})
const imports = await sandbox.__speedscopeImport

const results = []
for (const file of process.argv.slice(2)) {
  log = []
  const result = {file, importer: null, warnings: [], error: null, profiles: []}
  try {
    const bytes = fs.readFileSync(file)
    const group = await imports.importProfileGroupFromBase64(path.basename(file), bytes.toString('base64'))
    if (group == null) {
      result.error = 'not recognised'
    } else {
      for (const profile of group.profiles) {
        const slices = []
        const open = []
        profile.forEachCall(
          (node, value) => open.push([value, node.frame.name]),
          (node, value) => {
            const [start, name] = open.pop()
            slices.push([start, value, name, open.length])
          },
        )
        result.profiles.push({name: profile.getName(), unit: profile.getWeightUnit(), slices})
      }
    }
  } catch (e) {
    result.error = String(e && e.stack ? e.stack : e)
  }
  for (const [kind, text] of log) {
    if (kind === 'log' && text.startsWith('Importing as ')) result.importer = text.slice(13)
    else if (kind !== 'log') result.warnings.push(text)
  }
  results.push(result)
}
process.stdout.write(JSON.stringify(results) + '\n')
