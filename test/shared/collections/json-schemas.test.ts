import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collectionJsonSchemaTexts } from '../../../shared/collections/json-schemas';

const schemasDir = fileURLToPath(new URL('../../../schemas/', import.meta.url));
const example = fileURLToPath(new URL('../../../proto-samples/collections/lab/', import.meta.url));

describe('the JSON Schemas in schemas/', () => {
  const texts = collectionJsonSchemaTexts();
  // `UPDATE_SCHEMAS=1 npx vitest run shared/collections/json-schemas.test.ts && npx prettier --write schemas`
  // regenerates them; the comparison is of the JSON, so prettier's layout does not matter.
  if (process.env.UPDATE_SCHEMAS === '1') {
    mkdirSync(schemasDir, { recursive: true });
    for (const [file, text] of Object.entries(texts)) writeFileSync(join(schemasDir, file), text);
  }

  it('are up to date with the zod models', () => {
    for (const [file, text] of Object.entries(texts))
      expect(JSON.parse(readFileSync(join(schemasDir, file), 'utf8')), file).toEqual(JSON.parse(text));
  });

  it('accept the shipped example and reject a mistake, as an editor would', () => {
    const ajv = new Ajv2020({ strict: false });
    for (const text of Object.values(texts)) ajv.addSchema(JSON.parse(text) as object);
    const validate = (file: string, data: unknown) => ajv.validate(file, data);
    const read = (path: string) => parse(readFileSync(join(example, path), 'utf8'), { version: '1.2' }) as unknown;
    expect(validate('collection.schema.json', read('workbench.yaml'))).toBe(true);
    expect(validate('environment.schema.json', read('environments/local.yaml'))).toBe(true);
    expect(validate('folder.schema.json', read('users/_folder.yaml'))).toBe(true);
    expect(validate('grpc-request.schema.json', read('users/chat.grpc.yaml'))).toBe(true);
    expect(validate('grpc-request.schema.json', { kind: 'grpc-request', name: 'x', method: 'a/b', mesage: '{}' })).toBe(
      false,
    );
  });
});
