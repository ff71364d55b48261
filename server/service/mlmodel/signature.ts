// The JSON strings of `signature.inputs/outputs/params`, checked the way MLflow reads them
// (mlflow/types/schema.py: Schema.from_json, ColSpec/TensorSpec/ParamSpec.from_json_dict).
// Problems are reported at offsets inside the JSON text; the caller maps them to the YAML source.
// The ES module build: the package's UMD main loads its parts with a require() that bundles cannot follow.
import { getNodeValue, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser/lib/esm/main.js';

export interface SignatureProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export const DATA_TYPES: Readonly<Record<string, string>> = {
  boolean: 'true/false (numpy bool)',
  integer: '32-bit integer',
  long: '64-bit integer',
  float: '32-bit floating point',
  double: '64-bit floating point',
  string: 'text',
  binary: 'bytes',
  datetime: 'a date and time (numpy datetime64[ns])',
};
export const COMPOSITE_TYPES: Readonly<Record<string, string>> = {
  array: 'a list; `items` gives the element type',
  object: 'a JSON object; `properties` gives each property’s type',
  map: 'string keys to values of one type; `values` gives it',
  any: 'anything (no validation)',
  sparkml_vector: 'a Spark ML vector',
};
export const TENSOR_TYPE = { tensor: 'a tensor; `tensor-spec` gives its `dtype` and `shape`' };
export const DTYPES = ['float32', 'float64', 'int32', 'int64', 'float16', 'int8', 'int16', 'uint8', 'uint16', 'uint32', 'uint64', 'bool', 'object', 'str', 'bytes', 'complex64', 'complex128', 'datetime64[ns]'];

const NUMPY_DTYPE =
  /^(?:[<>=|]?[?bBhHiIlLqQpPefdgFDGSUVOMmc]\d*|bool_?|object_?|str_?|bytes_?|unicode_?|void|half|single|double|longdouble|byte|ubyte|short|ushort|intc|uintc|intp|uintp|longlong|ulonglong|csingle|cdouble|clongdouble|float(?:16|32|64|96|128)?|u?int(?:8|16|32|64)?|complex(?:64|128|192|256)?|(?:datetime|timedelta)64(?:\[\w+\])?)$/;

export type SignatureKind = 'schema' | 'params';

/**
 * Signature checks by JSON text: a large signature is parsed once, not again on every keystroke
 * elsewhere in the MLmodel. Keeps the most recent few.
 */
export class SignatureChecks {
  private readonly results = new Map<string, SignatureProblem[]>();

  constructor(private readonly capacity = 16) {}

  check(json: string, kind: SignatureKind): SignatureProblem[] {
    const key = `${kind}:${json}`;
    let problems = this.results.get(key);
    if (problems) {
      this.results.delete(key);
    } else {
      problems = checkSignatureJson(json, kind);
      if (this.results.size >= this.capacity) this.results.delete(this.results.keys().next().value!);
    }
    this.results.set(key, problems);
    return problems;
  }
}

export function checkSignatureJson(json: string, kind: SignatureKind): SignatureProblem[] {
  const errors: ParseError[] = [];
  const tree = parseTree(json, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length || !tree) {
    // Like json.loads, stop at the first error: the ones after it are its echoes.
    const first = errors[0] ?? { offset: 0, length: json.length, error: 0 };
    return [{ start: first.offset, end: first.offset + Math.max(1, first.length), message: `Not valid JSON (${printParseErrorCode(first.error)}): MLflow cannot read the signature.` }];
  }
  const problems: SignatureProblem[] = [];
  const problem = (node: JsonNode, message: string) => problems.push({ start: node.offset, end: node.offset + node.length, message });
  if (tree.type !== 'array') {
    problem(tree, `Expected a JSON list of ${kind === 'params' ? 'parameter specs' : 'column or tensor specs'}.`);
    return problems;
  }
  if (kind === 'params') checkParams(tree, problem);
  else checkSchema(tree, problem);
  return problems;
}

type Report = (node: JsonNode, message: string) => void;

const property = (node: JsonNode, key: string) => node.children?.find((p) => p.children?.[0]?.value === key);
const valueNode = (node: JsonNode, key: string) => property(node, key)?.children?.[1];
const keysOf = (node: JsonNode) => (node.children ?? []).map((p) => String(p.children?.[0]?.value));

function checkSchema(list: JsonNode, problem: Report): void {
  const items = list.children ?? [];
  if (items.length === 0) return problem(list, 'An empty schema is not allowed (Creating Schema with empty inputs).');
  let tensors = 0;
  let named = 0;
  for (const item of items) {
    if (item.type !== 'object') {
      problem(item, 'Expected a column spec `{"type": …, "name": …}` or a tensor spec.');
      continue;
    }
    if (valueNode(item, 'type')?.value === 'tensor') tensors++;
    if (property(item, 'name') && valueNode(item, 'name')?.type !== 'null') named++;
    if (valueNode(item, 'type')?.value === 'tensor') checkTensor(item, problem);
    else checkColumn(item, problem, true);
  }
  const objects = items.filter((item) => item.type === 'object');
  if (tensors && tensors !== objects.length) problem(list, 'Column specs and tensor specs cannot be mixed in one schema.');
  if (named && named !== objects.length) problem(list, 'Either every input has a `name` or none has (Creating Schema with a combination of named and unnamed inputs).');
  if (tensors > 1 && named === 0) problem(list, 'Several tensors need a `name` each.');
  if (named === 0 && objects.some((item) => valueNode(item, 'required')?.value === false)) problem(list, 'Unnamed inputs cannot be optional (`"required": false`).');
}

function checkTensor(item: JsonNode, problem: Report): void {
  const spec = valueNode(item, 'tensor-spec');
  if (!spec) return problem(item, 'A tensor needs `"tensor-spec": {"dtype": …, "shape": […]}`.');
  if (spec.type !== 'object') return problem(spec, '`tensor-spec` must be an object with `dtype` and `shape`.');
  const dtype = valueNode(spec, 'dtype');
  const shape = valueNode(spec, 'shape');
  if (!dtype || !shape) problem(spec, `\`tensor-spec\` needs ${!dtype && !shape ? '`dtype` and `shape`' : !dtype ? '`dtype`' : '`shape`'}.`);
  if (dtype && (typeof dtype.value !== 'string' || !NUMPY_DTYPE.test(dtype.value))) problem(dtype, `Unknown numpy dtype ${JSON.stringify(getNodeValue(dtype))} (e.g. ${DTYPES.slice(0, 4).join(', ')}).`);
  else if (dtype && /^[<>=|]?[SU]\d+$/.test(dtype.value)) problem(dtype, `MLflow does not support a size in flexible dtypes: use "${dtype.value.replace(/\d+$/, '')}".`);
  if (shape && (shape.type !== 'array' || !(shape.children ?? []).every((d) => d.type === 'number' && Number.isInteger(d.value) && d.value >= -1))) {
    problem(shape, '`shape` must be a list of integers, -1 for a variable dimension (e.g. [-1, 28, 28]).');
  }
}

const COLSPEC_KEYS = ['type', 'name', 'required'];

function checkColumn(item: JsonNode, problem: Report, topLevel: boolean): void {
  const type = valueNode(item, 'type');
  if (!type) return problem(item, 'Missing `type`.');
  const name = typeof type.value === 'string' ? type.value : undefined;
  if (name === undefined || (!Object.hasOwn(DATA_TYPES, name) && !Object.hasOwn(COMPOSITE_TYPES, name))) {
    return problem(type, `Unknown type ${JSON.stringify(getNodeValue(type))}: use one of ${[...Object.keys(DATA_TYPES), ...Object.keys(COMPOSITE_TYPES)].join(', ')}${topLevel ? ', or "tensor"' : ''}.`);
  }
  if (topLevel && Object.hasOwn(DATA_TYPES, name)) {
    for (const key of keysOf(item)) if (!COLSPEC_KEYS.includes(key)) problem(property(item, key)!, `Unexpected key "${key}" in a column spec (ColSpec takes type, name, required).`);
  }
  const required = valueNode(item, 'required');
  if (required && required.type !== 'boolean' && required.type !== 'null') problem(required, '`required` must be true or false.');
  const nested = (key: string, what: string) => {
    const child = valueNode(item, key);
    if (!child) return problem(type, `\`${name}\` needs \`${key}\` (${what}).`);
    if (child.type !== 'object') return problem(child, `\`${key}\` must be an object with a \`type\`.`);
    checkColumn(child, problem, false);
  };
  if (name === 'array') nested('items', 'the element type');
  else if (name === 'map') nested('values', 'the value type');
  else if (name === 'object') checkObject(item, type, problem);
}

function checkObject(item: JsonNode, type: JsonNode, problem: Report): void {
  const properties = valueNode(item, 'properties');
  if (!properties) return problem(type, '`object` needs `properties` (each property’s type).');
  if (properties.type !== 'object' || !properties.children?.length) return problem(properties, '`properties` must be a non-empty object of `{"type": …}` specs.');
  for (const prop of properties.children) {
    const spec = prop.children?.[1];
    if (spec?.type !== 'object') problem(prop, 'A property must be an object with a `type`.');
    else checkColumn(spec, problem, false);
  }
}

function checkParams(list: JsonNode, problem: Report): void {
  const seen = new Set<string>();
  for (const item of list.children ?? []) {
    if (item.type !== 'object') {
      problem(item, 'Expected a parameter spec `{"name": …, "type": …, "default": …, "shape": null}`.');
      continue;
    }
    const missing = ['name', 'default'].filter((key) => !property(item, key));
    const type = valueNode(item, 'type') ?? valueNode(item, 'dtype');
    if (!type) missing.splice(1, 0, 'type');
    if (missing.length) problem(item, `A parameter spec needs ${missing.map((k) => `\`${k}\``).join(', ')} (Missing keys in ParamSpec JSON).`);
    const name = valueNode(item, 'name');
    if (name && seen.has(String(name.value))) problem(name, `Parameter ${JSON.stringify(name.value)} is declared twice.`);
    if (name) seen.add(String(name.value));
    if (!type) continue;
    if (type.value === 'object') {
      checkObject(item, type, problem);
      continue;
    }
    if (typeof type.value !== 'string' || !Object.hasOwn(DATA_TYPES, type.value) || type.value === 'binary') {
      problem(type, `Unknown parameter type ${JSON.stringify(getNodeValue(type))}: use one of ${Object.keys(DATA_TYPES).filter((t) => t !== 'binary').join(', ')}, object.`);
      continue;
    }
    const shape = valueNode(item, 'shape');
    const isList = shape !== undefined && shape.type !== 'null';
    if (isList && !(shape.type === 'array' && shape.children?.length === 1 && shape.children[0].value === -1)) problem(shape, '`shape` must be null (a single value) or [-1] (a list).');
    const value = valueNode(item, 'default');
    if (value && value.type !== 'null' && !defaultMatches(value, type.value, isList)) {
      problem(value, `The default does not match type \`${type.value}\`${isList ? ' with shape [-1]' : ''} (Failed to validate type and shape).`);
    }
  }
}

function defaultMatches(node: JsonNode, type: string, isList: boolean): boolean {
  if (isList) return node.type === 'array' && (node.children ?? []).every((child) => defaultMatches(child, type, false));
  switch (type) {
    case 'boolean':
      return node.type === 'boolean';
    case 'integer':
    case 'long':
      return node.type === 'number' && Number.isInteger(node.value);
    case 'float':
    case 'double':
      return node.type === 'number';
    default:
      return node.type === 'string';
  }
}
