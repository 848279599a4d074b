// Electron's safeStorage as the SecretBox the session and settings stores use. On Linux the backend name matters:
// `basic_text` means no real keychain, and the session is then kept in memory only (secure-storage.ts).
import type { SafeStorage } from 'electron';
import type { SecretBox } from '../session/secure-storage.js';

export function safeStorageBox(safeStorage: SafeStorage, platform: NodeJS.Platform = process.platform): SecretBox {
  return {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    backend: () => {
      if (platform === 'linux') return safeStorage.getSelectedStorageBackend();
      return platform === 'darwin' ? 'keychain' : 'dpapi';
    },
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}
