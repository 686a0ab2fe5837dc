/**
 * Checks a JSON value against an OpenAPI 3.0 schema of our document, for drift: wrong types, missing required
 * properties, properties the schema does not list, values outside an enum. (Not a full JSON Schema validator: formats,
 * lengths and patterns are the validators' business and are checked where requests are refused.)
 */
export interface OpenApiSchema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
}

export function conformanceProblems(doc: { components: { schemas: Record<string, OpenApiSchema> } }, schema: OpenApiSchema, value: unknown, path = '$'): string[] {
  const resolve = (s: OpenApiSchema): OpenApiSchema => {
    if (!s.$ref) return s;
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unknown schema ${name}`);
    return resolve(target);
  };
  const s = resolve(schema);
  if (value === null) return s.nullable ? [] : [`${path}: null, but not nullable`];
  if (s.allOf) {
    // `{ allOf: [$ref], nullable }` is how a nullable reference is written.
    const merged: OpenApiSchema = {};
    for (const part of s.allOf.map(resolve)) {
      merged.type ??= part.type;
      merged.properties = { ...merged.properties, ...part.properties };
      merged.required = [...(merged.required ?? []), ...(part.required ?? [])];
    }
    return conformanceProblems(doc, merged, value, path);
  }
  if (s.oneOf) {
    return s.oneOf.some((o) => conformanceProblems(doc, o, value, path).length === 0) ? [] : [`${path}: matches none of oneOf`];
  }
  if (s.enum && !s.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`];
  switch (s.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${path}: expected string, got ${typeof value}`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${path}: expected integer, got ${JSON.stringify(value)}`];
    case 'number':
      return typeof value === 'number' ? [] : [`${path}: expected number, got ${typeof value}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected boolean, got ${typeof value}`];
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected array`];
      return value.flatMap((v, i) => (s.items ? conformanceProblems(doc, s.items, v, `${path}[${i}]`) : []));
    case 'object':
    case undefined: {
      if (s.type === undefined && !s.properties) return [];
      if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected object`];
      const obj = value as Record<string, unknown>;
      const out: string[] = [];
      for (const k of s.required ?? []) if (!(k in obj)) out.push(`${path}.${k}: required but missing`);
      for (const [k, v] of Object.entries(obj)) {
        const prop = s.properties?.[k];
        if (prop) out.push(...conformanceProblems(doc, prop, v, `${path}.${k}`));
        else if (typeof s.additionalProperties === 'object') out.push(...conformanceProblems(doc, s.additionalProperties, v, `${path}.${k}`));
        // An object whose properties are listed is read as closed: a property the API sends undocumented is drift.
        else if (s.additionalProperties !== true && s.properties) out.push(`${path}.${k}: not in the schema`);
      }
      return out;
    }
    default:
      return [];
  }
}
