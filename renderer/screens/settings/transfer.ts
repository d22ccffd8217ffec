// Moving backup files between the hub and this computer in chunks through the admin contract,
// so downloads and uploads work over every transport (HTTP in a browser, IPC in the desktop app).
import { UPLOAD_CHUNK_BYTES, type AdminApi, type BackupInfo } from '../../../shared/admin-contract.ts';
import { callOrThrow } from '../../lib/api.tsx';
import { i18n } from '../../lib/i18n.ts';

/** Chunks as base64, built without spreading large arrays into one call. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Reads backup `name` from the hub; `onProgress(done, total)` after each chunk. */
export async function downloadBackup(api: AdminApi, name: string, onProgress: (done: number, total: number) => void): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (;;) {
    const chunk = await callOrThrow(api, 'backups.read', { name, offset });
    const bytes = fromBase64(chunk.data);
    parts.push(bytes);
    offset += bytes.length;
    onProgress(offset, chunk.size);
    if (chunk.done || bytes.length === 0) return new Blob(parts, { type: 'application/octet-stream' });
  }
}

/** Hands a file to the browser's download (saved under `name`). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Sends a file to the hub's backups folder; resolves with the backup it became. */
export async function uploadBackup(api: AdminApi, file: Blob, onProgress: (done: number, total: number) => void): Promise<BackupInfo> {
  let uploadId: string | undefined;
  for (let offset = 0; ; offset += UPLOAD_CHUNK_BYTES) {
    const slice = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer());
    const done = offset + slice.length >= file.size;
    const answer = await callOrThrow(api, 'backups.upload', { uploadId, offset, data: toBase64(slice), done });
    uploadId = answer.uploadId;
    onProgress(answer.received, file.size);
    if (done) {
      if (!answer.backup) throw new Error(i18n.t('console.backups.uploadRefused'));
      return answer.backup;
    }
  }
}
