/**
 * The renderer's only door to the host. The UI calls createHostClient() once and passes the
 * client down (stores never read `window.*`): the Electron preload bridge when present, else a
 * WebSocket to the browser-mode server that served this page (its auth cookie rides along).
 */
import type { WorkbenchClient } from '../../../shared/api';
import type { PreloadBridge } from '../../../shared/api/ipc';
import { bridgeGlobalName } from '../../../shared/api/ipc';
import { createBridgeClient } from './bridge-client';
import { createWebSocketClient, webSocketUrlFor } from './websocket-client';

export function createHostClient(): WorkbenchClient {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[bridgeGlobalName];
  if (bridge) return createBridgeClient(bridge);
  return createWebSocketClient(new WebSocket(webSocketUrlFor(window.location)));
}
