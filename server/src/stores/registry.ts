// The narrow interface of the registry: clients, consents, signing keys (encrypted at rest), the
// CA certificates biometric devices must chain to, the devices registered with their keys, and the
// kiosks with their operators. The embedded default is sqlite-registry.ts; a PostgreSQL
// implementation fits the same shape.
import type { Client } from '@signet-kiosk/shared/esignet';
import type { Kiosk } from '@signet-kiosk/shared/kiosk';

export interface StoredKey {
  kid: string;
  alg: string;
  /** `active` keys sign; `retired` keys stay in the JWKS until `publishUntil`. */
  status: 'active' | 'retired';
  publicJwk: Record<string, unknown>;
  /** The private JWK, encrypted with the key-encryption key (compact JWE). */
  encryptedPrivateJwk: string;
  createdAt: string;
  retiredAt: string | null;
  /** ISO time after which a retired key leaves the JWKS (every token it signed has expired). */
  publishUntil: string | null;
}

export interface Consent {
  clientId: string;
  subject: string;
  /** Hash of the requested claims and scopes this consent was given for. */
  requestHash: string;
  acceptedClaims: string[];
  permittedScopes: string[];
  createdAt: string;
  /** ISO time; null = never expires. */
  expiresAt: string | null;
}

/** A CA certificate trusted for biometric captures: device-provider CAs sign device keys, FTM CAs the L1 trust modules. */
export interface StoredTrustedCa {
  kind: 'device-provider' | 'ftm';
  /** The SBI environment it is trusted for (Production, Developer, …). */
  env: string;
  /** SHA-256 of the DER, upper-case hex with colons as node:crypto writes it. */
  fingerprint: string;
  pem: string;
  addedAt: string;
  /** Device-provider CAs: how their device certificates are bound to devices; null for FTM CAs. */
  deviceBinding: 'certificate-subject' | 'registered-devices' | null;
  /**
   * Device-provider CAs: the provider (digitalId `deviceProvider`) whose devices it may certify;
   * null for FTM CAs, and for a CA kept from before providers were recorded whose subject names no
   * single O (it then certifies no device until uploaded again).
   */
  deviceProvider: string | null;
}

/** A biometric device registered with its signing certificate or key, for `registered-devices` providers. */
export interface StoredRegisteredDevice {
  deviceProvider: string;
  serialNo: string;
  type: 'Finger' | 'Iris' | 'Face';
  /** SHA-256 of the certificate's DER, or of its SubjectPublicKeyInfo: one is set (`AB:CD:…`). */
  certificateSha256: string | null;
  spkiSha256: string | null;
  addedAt: string;
}

export interface Registry {
  clients: {
    create(client: Client): Promise<void>;
    get(clientId: string): Promise<Client | undefined>;
    list(): Promise<Client[]>;
    update(client: Client): Promise<void>;
    delete(clientId: string): Promise<boolean>;
  };
  consents: {
    get(clientId: string, subject: string): Promise<Consent | undefined>;
    put(consent: Consent): Promise<void>;
  };
  keys: {
    list(): Promise<StoredKey[]>;
    insert(key: StoredKey): Promise<void>;
    retire(kid: string, retiredAt: string, publishUntil: string): Promise<void>;
    delete(kid: string): Promise<void>;
  };
  trustedCas: {
    list(): Promise<StoredTrustedCa[]>;
    /** false when the same certificate is already trusted for that kind and env. */
    insert(ca: StoredTrustedCa): Promise<boolean>;
    delete(kind: StoredTrustedCa['kind'], env: string, fingerprint: string): Promise<boolean>;
  };
  registeredDevices: {
    list(): Promise<StoredRegisteredDevice[]>;
    /** false when a device with that provider and serial number is already registered. */
    insert(device: StoredRegisteredDevice): Promise<boolean>;
    delete(deviceProvider: string, serialNo: string): Promise<boolean>;
  };
  kiosks: {
    /**
     * Registers a kiosk together with its OIDC client (`kiosk.clientId`), in one transaction:
     * both or neither. Throws DuplicateKioskError or DuplicateClientError.
     */
    create(kiosk: Kiosk, client: Client): Promise<void>;
    /** Replaces a kiosk (key, redirect URIs, operators, …) and its client, in one transaction; false for an unknown kiosk. */
    update(kiosk: Kiosk, client: Client): Promise<boolean>;
    get(kioskId: string): Promise<Kiosk | undefined>;
    list(): Promise<Kiosk[]>;
    /** Enables or disables the kiosk and sets its client ACTIVE or INACTIVE with it; false for an unknown kiosk. */
    setEnabled(kioskId: string, enabled: boolean): Promise<boolean>;
    /** Replaces the operator list; false for an unknown kiosk. */
    setOperators(kioskId: string, individualIds: string[]): Promise<boolean>;
    /** false for an unknown kiosk; adding an operator already listed changes nothing. */
    addOperator(kioskId: string, individualId: string): Promise<boolean>;
    /** false for an unknown kiosk or an operator not listed. */
    removeOperator(kioskId: string, individualId: string): Promise<boolean>;
  };
  /** Small named secrets the server keeps (e.g. the pairwise salt), encrypted by the caller. */
  settings: {
    get(name: string): Promise<string | undefined>;
    putIfAbsent(name: string, value: string): Promise<string>;
  };
  close(): Promise<void>;
}

/** Thrown by clients.create for an existing clientId. */
export class DuplicateClientError extends Error {
  readonly code = 'ERR_DUPLICATE_CLIENT';
}

/** Thrown by kiosks.create for an existing kioskId. */
export class DuplicateKioskError extends Error {
  readonly code = 'ERR_DUPLICATE_KIOSK';
}
