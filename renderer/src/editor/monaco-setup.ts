/**
 * Monaco from our own bundle, never a CDN: the app runs offline under a CSP that allows scripts
 * and workers from 'self' only. @monaco-editor/react is told to use this instance, and the JSON
 * language worker comes from Vite-built worker files.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

loader.config({ monaco });

export { monaco };
