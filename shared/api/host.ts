/** Contract domain `host`: what the host tells about itself, and what it can do for the client. */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import type { MessagesExport, MessageValueRef } from './calls';
import type { BurstRequest } from './lens';

/** What the host knows about its environment, e.g. the demo lab `npm start` launched. */
export interface HostInfo {
  version: string;
  /** Which front end the host serves (the CLI runs the engine in its own process). */
  host: 'electron' | 'browser' | 'cli';
  lab?: {
    target: string;
    proxyTarget: string;
    backends: { name: string; address: string }[];
    /** The lab's teaching scenarios this host can start (startLabScenario), each one load-balancing story. */
    scenarios?: LabScenarioSummary[];
  };
}

export interface LabScenarioSummary {
  name: string;
  title: string;
  /** What the user will see and why. */
  description: string;
}

export const startLabScenarioParamsSchema = lazySchema(() => z.object({ name: z.string().min(1) }));

/** A scenario's own lab, running (the previous scenario's lab is stopped): where to burst and how. */
export interface LabScenarioRun extends LabScenarioSummary {
  target: string;
  method: string;
  requestJson: string;
  /** The burst settings that tell the story. */
  burst: Partial<
    Pick<
      BurstRequest,
      'total' | 'concurrency' | 'connections' | 'lbPolicy' | 'backendKey' | 'knownBackends' | 'ratePerSecond'
    >
  >;
}

/**
 * What a client can ask of its host beyond the operations, each implemented where it runs (the
 * renderer never asks which host it is on): the browser transport downloads the export URL, the
 * Electron bridge asks main for its save dialog, the in-process client leaves the file where it is.
 */
export interface HostCapabilitiesClient {
  /** Saves every message a call received (NDJSON) where the user chooses. */
  saveExport(callId: string): Promise<MessagesExport>;
  /**
   * Puts fetchMessageValue's text of a recorded message, or of one value of it, on the clipboard
   * or in a file the user chooses, without the page ever holding it as a string (a 14 MB value
   * would be one long task to receive, build and copy): browser mode fetches it from the host as a
   * Blob (`navigator.clipboard.write` with a ClipboardItem; a download), Electron main writes the
   * clipboard or the file itself. `unsupported` where this host cannot (a browser without
   * ClipboardItem, an in-process client): the caller then fetches the value and copies it itself.
   */
  deliverMessageValue?(value: MessageValueRef, to: MessageValueDestination): Promise<MessageValueDelivery>;
  /**
   * Tells, once, that the host is gone (browser mode: the server stopped and its socket closed),
   * with why, so the UI says so at once instead of showing the last channel state. Never fires
   * where the host cannot go away without the page (Electron, in process).
   */
  onHostLost?(listener: (reason: string) => void): () => void;
}

export type MessageValueDestination = 'clipboard' | 'file';
/** `cancelled`: the user closed the save dialog; `unsupported`: see deliverMessageValue. */
export type MessageValueDelivery = 'delivered' | 'cancelled' | 'unsupported';
