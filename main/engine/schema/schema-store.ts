import { randomUUID } from 'node:crypto';
import { WorkbenchError } from '../../../shared/api';
import type { Schema } from './schema';

/**
 * Loaded schemas by id. Bounded: a long session that reloads schemas many times keeps only the
 * most recently used ones (a googleapis-sized schema holds a lot of memory).
 */
export class SchemaStore {
  private readonly schemas = new Map<string, Schema>();

  constructor(private readonly capacity = 32) {}

  add(schema: Schema): string {
    const schemaId = randomUUID();
    this.schemas.set(schemaId, schema);
    while (this.schemas.size > this.capacity) this.schemas.delete(this.schemas.keys().next().value!);
    return schemaId;
  }

  /** The schema, now counted as the most recently used. */
  get(schemaId: string): Schema {
    const schema = this.schemas.get(schemaId);
    if (schema === undefined) {
      throw new WorkbenchError('not_found', `Schema ${schemaId} is not loaded (anymore)`, {
        subject: schemaId,
        hint: 'Load the schema again (reflection, .proto files or protoset).',
      });
    }
    this.schemas.delete(schemaId);
    this.schemas.set(schemaId, schema);
    return schema;
  }

  has(schemaId: string): boolean {
    return this.schemas.has(schemaId);
  }

  delete(schemaId: string): void {
    this.schemas.delete(schemaId);
  }

  get size(): number {
    return this.schemas.size;
  }
}
