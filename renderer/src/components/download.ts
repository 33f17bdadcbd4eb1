/** Saves text as a file through the browser's download (works in Electron and browser mode). */
export function downloadText(fileName: string, text: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoke after the click has been handled, or the download may find the URL gone.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
