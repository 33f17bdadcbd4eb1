/**
 * A frame clock the test advances by hand, and stores for slice tests: a real store around a FakeWorkbenchClient, with animation frames run
 * by the test, and the fake schema's methods by name.
 */
import type { MethodSummary } from '../../../shared/api';
import { createWorkbenchStore, type WorkbenchStoreOptions } from '../store/create-store';
import { sequentialClientIds } from '../store/client-id';
import type { FrameScheduler } from '../store/frame-batcher';
import { FakeWorkbenchClient, fakeServices } from './fake-client';

export interface ManualFrames {
  schedule: FrameScheduler;
  /** Runs the callbacks scheduled for the next frame. */
  runFrame(): void;
  /** How many callbacks wait for the next frame. */
  scheduled(): number;
}

export function manualFrames(): ManualFrames {
  let callbacks: (() => void)[] = [];
  return {
    schedule: (callback) => {
      callbacks.push(callback);
      return () => {
        callbacks = callbacks.filter((c) => c !== callback);
      };
    },
    runFrame: () => {
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback();
    },
    scheduled: () => callbacks.length,
  };
}

export function methodNamed(name: string): MethodSummary {
  const method = fakeServices.flatMap((service) => service.methods).find((candidate) => candidate.name === name);
  if (!method) throw new Error(`no fake method ${name}`);
  return method;
}

/** A store aimed at localhost:50051 (so it does not connect to a lab by itself), not yet connected. */
export function testStore(client = new FakeWorkbenchClient(), options: WorkbenchStoreOptions = {}) {
  const frames = manualFrames();
  const store = createWorkbenchStore(client, {
    initialTarget: 'localhost:50051',
    schedule: frames.schedule,
    newId: sequentialClientIds(),
    ...options,
  });
  return { client, store, frames };
}

/** testStore, connected: the fake schema is loaded. */
export async function connectedStore(client = new FakeWorkbenchClient(), options: WorkbenchStoreOptions = {}) {
  const made = testStore(client, options);
  await made.store.getState().connect();
  return made;
}
