import { applyDecorators, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { MAX_PAGE } from '../common/list-query';

export interface ListSpec {
  /** The ra-data-simple-rest resource name of `Content-Range` (`cases 0-24/1234`). */
  resource: string;
  /** The row schema. */
  type: Type<unknown>;
  /** The filter keys the list accepts (besides `id`), as its parser does. */
  filters: readonly string[];
  /** The sort fields (besides `id` and `createdAt`), as its parser does. */
  sorts: readonly string[];
  /** The default order, e.g. `createdAt DESC`. */
  defaultSort?: string;
  /** An example filter (default: fetch by ids). */
  filterExample?: Record<string, unknown>;
}

/**
 * A ra-data-simple-rest list (docs/api.md "Conventions"): `filter`, `sort` and `range` query parameters and a JSON
 * array with the `Content-Range` header. Pass the same filter and sort lists the service's parser uses.
 */
export function ApiList(spec: ListSpec): MethodDecorator {
  const sorts = ['id', 'createdAt', ...spec.sorts.filter((s) => s !== 'id' && s !== 'createdAt')];
  return applyDecorators(
    ApiQuery({
      name: 'filter',
      required: false,
      schema: {
        type: 'string',
        example: JSON.stringify(spec.filterExample ?? { id: ['6f1c2a4e-8d3b-4f7a-9c21-0b5e3d7a9f10'] }),
      },
      description:
        `A JSON object of filters: ${['id', ...spec.filters].map((f) => `\`${f}\``).join(', ')}. ` +
        '`{"id":[…]}` fetches those records, all of them. Unknown keys → 400 `REQUEST.UNKNOWN_FIELD`.',
    }),
    ApiQuery({
      name: 'sort',
      required: false,
      schema: { type: 'string', example: JSON.stringify([sorts[sorts.length > 2 ? 2 : 1], 'ASC']) },
      description: `\`["field","ASC"|"DESC"]\`; fields: ${sorts.map((s) => `\`${s}\``).join(', ')}${spec.defaultSort ? ` (default \`${spec.defaultSort}\`)` : ''}.`,
    }),
    ApiQuery({
      name: 'range',
      required: false,
      schema: { type: 'string', example: '[0,24]' },
      description: `\`[start, end]\`, both included, 0-based; at most ${MAX_PAGE} rows a page (default \`[0,24]\`).`,
    }),
    ApiOkResponse({
      type: [spec.type],
      description: `A page of ${spec.resource}.`,
      headers: {
        'Content-Range': {
          description: `\`${spec.resource} <first>-<last>/<total>\` (\`${spec.resource} */<total>\` for an empty page)`,
          schema: { type: 'string', example: `${spec.resource} 0-24/1234` },
        },
      },
    }),
  );
}

/** A problem response this operation answers with, described precisely (the Problem schema is added for it). */
export function ApiProblem(status: number, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({ status, description });
}
