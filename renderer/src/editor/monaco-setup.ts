/**
 * Monaco from our own bundle, never a CDN: the app runs offline under a CSP that allows scripts
 * and workers from 'self' only. @monaco-editor/react is told to use this instance, and the JSON
 * language worker comes from Vite-built worker files. Only the editor core, its features and the
 * JSON language are bundled — not the ~80 other languages `monaco-editor`'s main entry registers,
 * which the page would otherwise load before the editor shows (issue 14, UI start).
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

loader.config({ monaco });

export { jsonDefaults, monaco };
