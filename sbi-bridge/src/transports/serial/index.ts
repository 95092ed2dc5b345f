// `@signet-kiosk/sbi-bridge/serial`: the ZhianTec ZFM serial fingerprint driver as an L0 SBI
// endpoint source (loads serialport's native binding, hence its own entry point).
export { ZfmEndpointSource, type ZfmSourceOptions } from './zfm-source.js';
export { ZFM_DEVICE_DESCRIPTION, ZfmSbiEndpoint, zfmSerialNoFor, type ZfmEndpointOptions } from './zfm-endpoint.js';
export { probeZfm, type ZfmProbeOptions, type ZfmProbeResult } from './zfm-probe.js';
export { ZfmDriver, type ZfmDriverOptions, type ZfmSystemParameters } from './zfm-driver.js';
export { ZFM_ERRORS, ZfmError, type ZfmErrorCode } from './zfm-errors.js';
export {
  findUsbUartBridge,
  listCandidatePorts,
  USB_UART_BRIDGES,
  type CandidatePort,
  type PortLister,
  type PortListing,
  type UsbUartBridge,
} from './usb-uart-bridges.js';
export { loadSoftwareDeviceKeys, SOFTWARE_CA_NAME, type SoftwareDeviceKeys } from './software-device-keys.js';
