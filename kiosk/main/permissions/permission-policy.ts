// The kiosk window's permissions: Electron grants every permission a page asks for unless a handler
// says otherwise, so this one denies everything but the camera, and the camera only when the kiosk
// uses it for face capture, to the server's or the kiosk's own main frame, for video alone.

/** A page's permission request or check, as Electron's handlers describe it. */
export interface PermissionAsk {
  permission: string;
  /** The origin of the page asking. */
  requestingOrigin: string;
  isMainFrame: boolean;
  /** For `media`: what it wants ('video', 'audio'); unknown when Electron does not say. */
  mediaTypes?: readonly string[];
}

export class PermissionPolicy {
  constructor(
    private readonly opts: {
      /** Origins whose pages may use the camera for face capture. */
      cameraOrigins: readonly string[];
      /** Whether a face device needs the camera at all (devices.cameraForFace). */
      cameraForFace: boolean;
    },
  ) {}

  /**
   * Whether to grant: false for everything but video for face capture.
   * @example policy.decide({ permission: 'geolocation', requestingOrigin: 'https://id.example.org', isMainFrame: true }) // false
   */
  decide(ask: PermissionAsk): boolean {
    if (!this.opts.cameraForFace || ask.permission !== 'media' || !ask.isMainFrame) return false;
    if (!this.opts.cameraOrigins.includes(ask.requestingOrigin)) return false;
    const types = ask.mediaTypes ?? [];
    return types.length > 0 && types.every((t) => t === 'video');
  }
}
