/** The one fake service (shared/api/testing/fake-service.ts) with exports written to real temp files, for host tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportFiles, FakeServiceScript } from '../../../shared/api/testing/fake-service';
import { createFakeServiceFactory } from '../../../shared/api/testing/fake-service';

export function createFakeHostServiceFactory(script: Omit<FakeServiceScript, 'exportFiles'> = {}) {
  return createFakeServiceFactory({ ...script, exportFiles: tempExportFiles });
}

function tempExportFiles(): ExportFiles {
  let dir: string | undefined;
  return {
    write(callId, text) {
      dir ??= mkdtempSync(join(tmpdir(), 'fake-service-'));
      const path = join(dir, `${callId}.ndjson`);
      writeFileSync(path, text);
      return path;
    },
    cleanUp() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
