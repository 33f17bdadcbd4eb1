/**
 * Browser mode's `deliverMessageValue`: the value never becomes a string in the page. The host
 * serves its text (`messageValueUrlPath`: same origin, the cookie every request carries) and the
 * page hands the response on as a Blob — to `navigator.clipboard.write` in a ClipboardItem, or to
 * a download for Save. Receiving a 14 MB value as a WebSocket frame, building the message's text
 * and `writeText` were one long task however they were split.
 */
import type { MessageValueDelivery, MessageValueDestination, MessageValueRef } from '../../../shared/api';
import { messageValueFileName, messageValueUrlPath, WorkbenchError } from '../../../shared/api';

export async function deliverFetchedMessageValue(
  value: MessageValueRef,
  to: MessageValueDestination,
): Promise<MessageValueDelivery> {
  const url = messageValueUrlPath(value);
  if (to === 'file') {
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = messageValueFileName(value);
    anchor.click();
    return 'delivered';
  }
  // A browser without ClipboardItem: the page copies the value itself, the old way.
  if (typeof ClipboardItem === 'undefined' || navigator.clipboard?.write === undefined) return 'unsupported';
  const text = fetchTextBlob(url);
  try {
    // The item takes the promise, so the write starts now, within the click's user activation.
    await navigator.clipboard.write([new ClipboardItem({ 'text/plain': text })]);
  } catch (error) {
    await text; // when the host could not give the value, its own words say more than the clipboard's
    throw error;
  }
  return 'delivered';
}

async function fetchTextBlob(url: string): Promise<Blob> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    // The route answers a failure with its message and hint, one line each.
    const [message = `The host answered ${response.status}.`, hint] = (await response.text()).split('\n');
    throw new WorkbenchError(
      response.status === 404 ? 'not_found' : response.status === 400 ? 'bad_input' : 'internal',
      message,
      {
        ...(hint ? { hint } : {}),
      },
    );
  }
  // The clipboard takes the item's type, not the response's `text/plain; charset=utf-8`.
  return new Blob([await response.blob()], { type: 'text/plain' });
}
