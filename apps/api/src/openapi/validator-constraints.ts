import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

const API_SCHEMA = 'swagger/apiSchema';

/**
 * A text constraint on a property whose TypeScript type is `string | null`: decorator metadata records such unions as
 * Object, so the schema says `object` until a text validator says what the value is.
 */
function text(narrow: (s: SchemaObject, c: unknown[]) => void): (s: SchemaObject, c: unknown[]) => void {
  return (s, c) => {
    if (!s.type || (s.type === 'object' && !s.properties && !s.additionalProperties)) s.type = 'string';
    narrow(s, c);
  };
}

/** How a class-validator constraint narrows the JSON schema of the value it checks. */
const NARROWS: Record<string, (s: SchemaObject, c: unknown[]) => void> = {
  maxLength: text((s, [n]) => (s.maxLength ??= Number(n))),
  minLength: text((s, [n]) => (s.minLength ??= Number(n))),
  matches: text((s, [re]) => (s.pattern ??= re instanceof RegExp ? re.source : String(re))),
  isIn: (s, [values]) => (s.enum ??= values as unknown[]),
  isUuid: text((s) => (s.format ??= 'uuid')),
  isEmail: text((s) => (s.format ??= 'email')),
  isIso8601: text((s) => (s.format ??= 'date-time')),
  isHttpUrl: text((s) => (s.format ??= 'uri')),
  isUrl: text((s) => (s.format ??= 'uri')),
  isIanaTimeZone: text(() => undefined),
  isWebhookSecret: text(() => undefined),
  isString: text(() => undefined),
  isInt: (s) => (s.type = 'integer'),
  min: (s, [n]) => (s.minimum ??= Number(n)),
  max: (s, [n]) => (s.maximum ??= Number(n)),
  isLatitude: (s) => {
    s.minimum ??= -90;
    s.maximum ??= 90;
  },
  isLongitude: (s) => {
    s.minimum ??= -180;
    s.maximum ??= 180;
  },
};

/** Constraints on the list itself (not on each item). */
const NARROWS_ARRAY: Record<string, (s: SchemaObject, c: unknown[]) => void> = {
  arrayMaxSize: (s, [n]) => (s.maxItems ??= Number(n)),
  arrayMinSize: (s, [n]) => (s.minItems ??= Number(n)),
};

/** A class whose metadata class-validator keeps. */
type Target = abstract new (...args: never[]) => unknown;
type ValidationStorage = { validationMetadatas: Map<Target, ValidationMetadata[]> };

function schemaNameOf(cls: Target): string {
  const named = (Reflect.getOwnMetadata(API_SCHEMA, cls) as Array<{ name?: string }> | undefined)?.at(-1)?.name;
  return named ?? cls.name;
}

/**
 * Writes the bounds of every DTO's validators (`@MaxLength`, `@Matches`, `@IsIn`, `@Min`, `@ArrayMaxSize`, …) into
 * its schema in the document: the validators the API runs are the one source of its bounds, so the document cannot
 * say 200 characters while the pipe refuses 201. Values given explicitly in `@ApiProperty` are kept. Inherited
 * validators count (class-validator's own lookup).
 */
export function applyValidatorConstraints(doc: OpenAPIObject): OpenAPIObject {
  const storage = getMetadataStorage() as unknown as ValidationStorage;
  if (!(storage.validationMetadatas instanceof Map)) throw new Error('OpenAPI: class-validator metadata storage changed shape');
  const schemas = (doc.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const cls of storage.validationMetadatas.keys()) {
    const schema = schemas[schemaNameOf(cls)];
    if (!schema?.properties) continue;
    for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
      const prop = schema.properties[m.propertyName] as SchemaObject | undefined;
      if (!prop || '$ref' in prop || m.type !== 'customValidation' || !m.name) continue;
      const constraints = m.constraints ?? [];
      // `T[] | null` is recorded as Object too; a validator of each item says it is a list.
      if ((m.each || NARROWS_ARRAY[m.name]) && prop.type === 'object' && !prop.properties && !prop.additionalProperties) {
        prop.type = 'array';
        prop.items ??= {};
      }
      if (prop.type === 'array' && NARROWS_ARRAY[m.name]) {
        NARROWS_ARRAY[m.name](prop, constraints);
        continue;
      }
      const target = m.each && prop.type === 'array' && prop.items && !('$ref' in prop.items) ? (prop.items as SchemaObject) : prop;
      NARROWS[m.name]?.(target, constraints);
    }
  }
  return doc;
}
