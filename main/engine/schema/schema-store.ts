import { randomUUID } from 'node:crypto';
import { WorkbenchError } from '../../../shared/api';
import type { Schema } from './schema';

/**
 * Loaded schemas by id. Bounded: a long session that reloads schemas many times keeps only the
 * most recently used ones (a googleapis-sized schema holds a lot of memory).
 *
 * A client may choose the id of a schema it asks for (as it chooses its call ids): the id is known
 * while the load still runs, so a call on it can be sent at once and waits here for the load
 * (`ready`) — how a tab the workspace kept sends before its schema has been fetched again.
 */
export class SchemaStore {
  private readonly schemas = new Map<string, Schema>();
  /** Loads under a client's id that have not ended yet. */
  private readonly loading = new Map<string, Promise<Schema>>();
  /** Why the last loads under a client's id failed: a call sent on one gets that reason, not "not loaded". */
  private readonly failures = new Map<string, unknown>();

  constructor(private readonly capacity = 32) {}

  add(schema: Schema, schemaId: string = randomUUID()): string {
    this.schemas.set(schemaId, schema);
    while (this.schemas.size > this.capacity) this.schemas.delete(this.schemas.keys().next().value!);
    return schemaId;
  }

  /**
   * The schema `load` gives, under the client's `schemaId`, which `ready` can wait for from now on.
   * A failed load leaves the id unused, and whoever waited gets the load's error.
   */
  async addLoading(schemaId: string, load: Promise<Schema>): Promise<Schema> {
    if (this.schemas.has(schemaId) || this.loading.has(schemaId) || this.failures.has(schemaId)) {
      throw new WorkbenchError('bad_input', `A schema with id ${schemaId} is already loaded or loading.`, {
        subject: schemaId,
        hint: 'Choose a new id for every schema load (e.g. crypto.randomUUID()).',
      });
    }
    this.loading.set(schemaId, load);
    try {
      const schema = await load;
      this.add(schema, schemaId);
      return schema;
    } catch (error) {
      this.failures.set(schemaId, error);
      while (this.failures.size > this.capacity) this.failures.delete(this.failures.keys().next().value!);
      throw error;
    } finally {
      this.loading.delete(schemaId);
    }
  }

  /** The schema, now counted as the most recently used. */
  get(schemaId: string): Schema {
    const schema = this.schemas.get(schemaId);
    if (schema === undefined) {
      if (this.failures.has(schemaId)) throw this.failures.get(schemaId);
      throw new WorkbenchError('not_found', `Schema ${schemaId} is not loaded (anymore)`, {
        subject: schemaId,
        hint: 'Load the schema again (reflection, .proto files or protoset).',
      });
    }
    this.schemas.delete(schemaId);
    this.schemas.set(schemaId, schema);
    return schema;
  }

  /** The schema, once its load (if one runs under this id) has ended; the load's error if it failed. */
  async ready(schemaId: string): Promise<Schema> {
    const load = this.loading.get(schemaId);
    if (load !== undefined) await load;
    return this.get(schemaId);
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
