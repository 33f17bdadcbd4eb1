/**
 * Every webContents the app creates stays on our page: no navigation away, no new windows, no
 * <webview>, no permission grants (camera, notifications, …). Electron's security checklist, items
 * "disable or limit navigation / creation of new windows / handle permission requests".
 */
import type { Session, WebContents } from 'electron';
import { isAppPageUrl } from './app-protocol';

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppPageUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
