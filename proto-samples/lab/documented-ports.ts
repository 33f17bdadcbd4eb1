/**
 * The lab on the ports the README's examples use (the proxy on 127.0.0.1:50051, backends on
 * 50061, 50062, 50063), so `npm start`'s lab answers the CLI lines a user copies; when one of them
 * is taken (another lab is running), free ports instead, and the caller says so.
 */
import { BACKEND_PORT_OFFSET, DEFAULT_PROXY_PORT } from './lab-command';
import { startLab, type Lab, type LabOptions } from './lab';

export interface StartedLab {
  lab: Lab;
  /** Why the documented ports could not be used, when they could not. */
  fellBackBecause?: string;
}

export async function startLabOnDocumentedPorts(options: LabOptions = {}): Promise<StartedLab> {
  try {
    const lab = await startLab({
      ...options,
      proxyPort: DEFAULT_PROXY_PORT,
      basePort: DEFAULT_PROXY_PORT + BACKEND_PORT_OFFSET,
    });
    return { lab };
  } catch (error) {
    const lab = await startLab({ ...options, proxyPort: 0 });
    return { lab, fellBackBecause: error instanceof Error ? error.message : String(error) };
  }
}
