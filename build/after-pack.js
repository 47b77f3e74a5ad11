// electron-builder afterPack hook: flip Electron's fuses in the packaged binary before it is signed,
// so the OS's signature check keeps them flipped. See build/SECURITY.md, item 19.
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** Release fuses: no Node.js mode, no NODE_OPTIONS or --inspect, only our integrity-checked app.asar, no file:// privileges. */
export const ECG_RELEASE_FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The Electron executable inside the packed app folder, per platform. */
export function getPackedElectronPath(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return path.join(appOutDir, `${productFilename}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

export default async function afterPack(context) {
  const target = getPackedElectronPath(context);
  // macOS arm64 binaries carry an ad-hoc signature that flipping invalidates; electron-builder signs afterwards.
  await flipFuses(target, {
    ...ECG_RELEASE_FUSES,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin',
  });
  process.stdout.write(`  • fuses flipped  file=${path.relative(process.cwd(), target)}\n`);
}
