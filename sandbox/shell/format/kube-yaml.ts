/**
 * kubectl's `-o yaml` and `-o json` printers. kubectl converts an object to
 * JSON and then to YAML with sigs.k8s.io/yaml (gopkg.in/yaml.v2): map keys
 * sorted, two-space indentation, sequences at their parent key's indentation,
 * strings that would read back as another type double-quoted ("True", "1",
 * timestamps, ""), strings that cannot be plain single-quoted, multi-line
 * strings as literal blocks. `-o json` is Go's json.MarshalIndent with four
 * spaces, which escapes <, > and & as \u003c, \u003e, \u0026.
 */
export type YamlValue = null | boolean | number | string | YamlValue[] | { [k: string]: YamlValue };

const RESERVED = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|\.inf|\.Inf|\.INF|-\.inf|\.nan|<<|=)$/;
const NUMBER = /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?0x[0-9a-fA-F_]+$|^[-+]?0b[01_]+$|^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;

function needsDoubleQuotes(s: string): boolean {
  return s === '' || RESERVED.test(s) || NUMBER.test(s) || TIMESTAMP.test(s);
}

function plainAllowed(s: string): boolean {
  if (/^[\s]|[\s]$/.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !(/^[-?:][^\s]/.test(s) && !/^[-?:][,[\]{}]/.test(s))) return false;
  if (/: |:$| #|[\x00-\x08\x0b-\x1f\x7f]/.test(s)) return false;
  return true;
}

function scalar(s: string): string {
  if (needsDoubleQuotes(s)) return JSON.stringify(s);
  if (plainAllowed(s)) return s;
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(s)) return JSON.stringify(s);
  return `'${s.replace(/'/g, "''")}'`;
}

function isMap(v: YamlValue): v is { [k: string]: YamlValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function inline(v: YamlValue): string | null {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.includes('\n') ? null : scalar(v);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : null;
  return Object.keys(v).length === 0 ? '{}' : null;
}

function block(s: string, indent: string): string {
  const chomp = s.endsWith('\n') ? (s.endsWith('\n\n') ? '+' : '') : '-';
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  return `|${chomp}\n${body.split('\n').map((l) => (l === '' ? '' : indent + l)).join('\n')}\n`;
}

function emitMap(m: { [k: string]: YamlValue }, indent: string): string {
  let out = '';
  for (const key of Object.keys(m).sort()) {
    const v = m[key] as YamlValue;
    const k = scalar(key);
    const one = inline(v);
    if (one !== null) out += `${indent}${k}: ${one}\n`;
    else if (typeof v === 'string') out += `${indent}${k}: ${block(v, `${indent}  `)}`;
    else if (Array.isArray(v)) out += `${indent}${k}:\n${emitSeq(v, indent)}`;
    else out += `${indent}${k}:\n${emitMap(v as { [k: string]: YamlValue }, `${indent}  `)}`;
  }
  return out;
}

function emitSeq(a: YamlValue[], indent: string): string {
  let out = '';
  for (const v of a) {
    const one = inline(v);
    if (one !== null) out += `${indent}- ${one}\n`;
    else if (typeof v === 'string') out += `${indent}- ${block(v, `${indent}  `)}`;
    else if (Array.isArray(v)) out += `${indent}- ${emitSeq(v, `${indent}  `).slice(indent.length + 2)}`;
    else if (isMap(v)) out += `${indent}- ${emitMap(v, `${indent}  `).slice(indent.length + 2)}`;
  }
  return out;
}

export function toYaml(v: YamlValue): string {
  if (isMap(v) && Object.keys(v).length > 0) return emitMap(v, '');
  if (Array.isArray(v) && v.length > 0) return emitSeq(v, '');
  const one = inline(v);
  return one !== null ? `${one}\n` : block(v as string, '  ');
}

/** Go's json.MarshalIndent(v, "", "    ") followed by a newline. */
export function toGoJson(v: unknown, indent = '    '): string {
  return `${goEscape(JSON.stringify(v, null, indent))}\n`;
}

/** Go's json.Marshal escaping of HTML-significant characters. */
export function goEscape(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
