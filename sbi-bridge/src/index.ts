// The sbi-bridge public API: the client, its device model, errors, trust policy and transports.
export { SbiBridge } from './bridge.js';
export type {
  CallOptions,
  CaptureOptions,
  CaptureResult,
  DeviceRef,
  DiscoverOptions,
  RegistrationCaptureOptions,
  RegistrationCaptureResult,
  SbiBridgeOptions,
  StreamOptions,
} from './bridge.js';
export type { DeviceSurvey, SbiDevice, UnservedScanner } from './device.js';
export { DEFAULT_DIALECTS, discoverEndpoint, openPorts } from './discover.js';
export { BRIDGE_ERRORS, bridgeCodeForSbi, deviceError, SbiBridgeError, type BridgeErrorCode } from './errors.js';
export { DeviceWatcher, type DeviceEvent, type DeviceWatcherOptions } from './events.js';
export type {
  AttachedScanner,
  EndpointCallOptions,
  EndpointSource,
  PresenceSource,
  SbiCallOperation,
  SbiEndpoint,
  TransportKind,
} from './transports/endpoint.js';
export { HttpSbiEndpoint, type HttpEndpointOptions } from './transports/http.js';
export { boundaryCore, MjpegFrameReader } from './transports/mjpeg.js';
export { DEFAULT_MAX_CLOCK_SKEW_MS, loadTrustAnchors, parsePemBundle, type TrustPolicy } from './trust/anchors.js';
export { checkCapture, type CapturedBiometric } from './trust/capture-trust.js';
export { describeDevices } from './trust/device-trust.js';
export {
  TRUST_ISSUES,
  type CertificateSummary,
  type TrustIssue,
  type TrustIssueCode,
  type TrustVerdict,
} from '@signet-kiosk/shared/sbi';
