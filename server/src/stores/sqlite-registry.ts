// SQLite registry: the embedded default, one file in the data folder (WAL mode).
import { X509Certificate } from 'node:crypto';
import Database from 'better-sqlite3';
import { type Client, ClientSchema } from '@signet-kiosk/shared/esignet';
import { type Kiosk, KioskSchema } from '@signet-kiosk/shared/kiosk';
import { subjectOrganization } from '@signet-kiosk/shared/sbi/crypto';
import {
  DuplicateClientError,
  DuplicateKioskError,
  type Consent,
  type Registry,
  type StoredKey,
  type StoredRegisteredDevice,
  type StoredTrustedCa,
} from './registry.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS clients (client_id TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS consents (
  client_id TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (client_id, subject));
CREATE TABLE IF NOT EXISTS signing_keys (kid TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS trusted_cas (
  kind TEXT NOT NULL, env TEXT NOT NULL, fingerprint TEXT NOT NULL, pem TEXT NOT NULL, added_at TEXT NOT NULL,
  device_binding TEXT, device_provider TEXT,
  PRIMARY KEY (kind, env, fingerprint));
CREATE TABLE IF NOT EXISTS registered_devices (
  device_provider TEXT NOT NULL, serial_no TEXT NOT NULL, type TEXT NOT NULL,
  certificate_sha256 TEXT, spki_sha256 TEXT, added_at TEXT NOT NULL,
  PRIMARY KEY (device_provider, serial_no));
CREATE TABLE IF NOT EXISTS kiosks (kiosk_id TEXT PRIMARY KEY, enabled INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kiosk_operators (
  kiosk_id TEXT NOT NULL REFERENCES kiosks (kiosk_id), individual_id TEXT NOT NULL,
  PRIMARY KEY (kiosk_id, individual_id));
`;

/** A kiosk row's body: the kiosk without what has a column or table of its own. */
type KioskBody = Omit<Kiosk, 'enabled' | 'operators'>;

/**
 * Files made before device binding existed lack trusted_cas.device_binding: add it; the
 * device-provider CAs they trust bind devices by certificate subject, the default.
 */
function addDeviceBindingColumn(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(trusted_cas)').all();
  if (columns.some((c) => c.name === 'device_binding')) return;
  db.exec('ALTER TABLE trusted_cas ADD COLUMN device_binding TEXT');
  db.exec("UPDATE trusted_cas SET device_binding = 'certificate-subject' WHERE kind = 'device-provider'");
}

/**
 * Files made before device-provider CAs were tied to a provider lack trusted_cas.device_provider:
 * add it, and give each device-provider CA the provider its subject's O names, as an upload without
 * one does. A CA whose subject names no single O keeps null and certifies no device until an
 * administrator uploads it again with its provider.
 */
function addDeviceProviderColumn(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(trusted_cas)').all();
  if (columns.some((c) => c.name === 'device_provider')) return;
  db.transaction(() => {
    db.exec('ALTER TABLE trusted_cas ADD COLUMN device_provider TEXT');
    const rows = db
      .prepare<[], { env: string; fingerprint: string; pem: string }>(
        "SELECT env, fingerprint, pem FROM trusted_cas WHERE kind = 'device-provider'",
      )
      .all();
    const set = db.prepare(
      "UPDATE trusted_cas SET device_provider = ? WHERE kind = 'device-provider' AND env = ? AND fingerprint = ?",
    );
    for (const row of rows) set.run(organizationOf(row.pem) ?? null, row.env, row.fingerprint);
  })();
}

function organizationOf(pem: string): string | undefined {
  try {
    return subjectOrganization(new X509Certificate(pem));
  } catch {
    return undefined;
  }
}

export class SqliteRegistry implements Registry {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    addDeviceBindingColumn(this.db);
    addDeviceProviderColumn(this.db);
    const db = this.db;
    const stmt = {
      clientInsert: db.prepare('INSERT INTO clients (client_id, body) VALUES (?, ?)'),
      clientGet: db.prepare<[string], { body: string }>('SELECT body FROM clients WHERE client_id = ?'),
      clientList: db.prepare<[], { body: string }>('SELECT body FROM clients ORDER BY client_id'),
      clientUpdate: db.prepare('UPDATE clients SET body = ? WHERE client_id = ?'),
      clientDelete: db.prepare('DELETE FROM clients WHERE client_id = ?'),
      consentGet: db.prepare<[string, string], { body: string }>(
        'SELECT body FROM consents WHERE client_id = ? AND subject = ?',
      ),
      consentPut: db.prepare(
        'INSERT INTO consents (client_id, subject, body) VALUES (?, ?, ?) ON CONFLICT (client_id, subject) DO UPDATE SET body = excluded.body',
      ),
      keyList: db.prepare<[], { body: string }>('SELECT body FROM signing_keys'),
      keyInsert: db.prepare('INSERT INTO signing_keys (kid, body) VALUES (?, ?)'),
      keyGet: db.prepare<[string], { body: string }>('SELECT body FROM signing_keys WHERE kid = ?'),
      keyUpdate: db.prepare('UPDATE signing_keys SET body = ? WHERE kid = ?'),
      keyDelete: db.prepare('DELETE FROM signing_keys WHERE kid = ?'),
      settingGet: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?'),
      settingInsert: db.prepare('INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)'),
      caList: db.prepare<
        [],
        {
          kind: StoredTrustedCa['kind'];
          env: string;
          fingerprint: string;
          pem: string;
          added_at: string;
          device_binding: StoredTrustedCa['deviceBinding'];
          device_provider: string | null;
        }
      >(
        'SELECT kind, env, fingerprint, pem, added_at, device_binding, device_provider FROM trusted_cas ORDER BY kind, env, added_at, fingerprint',
      ),
      caInsert: db.prepare(
        'INSERT OR IGNORE INTO trusted_cas (kind, env, fingerprint, pem, added_at, device_binding, device_provider) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      caDelete: db.prepare('DELETE FROM trusted_cas WHERE kind = ? AND env = ? AND fingerprint = ?'),
      deviceList: db.prepare<
        [],
        {
          device_provider: string;
          serial_no: string;
          type: StoredRegisteredDevice['type'];
          certificate_sha256: string | null;
          spki_sha256: string | null;
          added_at: string;
        }
      >(
        'SELECT device_provider, serial_no, type, certificate_sha256, spki_sha256, added_at FROM registered_devices ORDER BY device_provider, serial_no',
      ),
      deviceInsert: db.prepare(
        'INSERT OR IGNORE INTO registered_devices (device_provider, serial_no, type, certificate_sha256, spki_sha256, added_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      deviceDelete: db.prepare('DELETE FROM registered_devices WHERE device_provider = ? AND serial_no = ?'),
      kioskInsert: db.prepare('INSERT INTO kiosks (kiosk_id, enabled, body) VALUES (?, ?, ?)'),
      kioskGet: db.prepare<[string], { enabled: number; body: string }>(
        'SELECT enabled, body FROM kiosks WHERE kiosk_id = ?',
      ),
      kioskList: db.prepare<[], { kiosk_id: string; enabled: number; body: string }>(
        'SELECT kiosk_id, enabled, body FROM kiosks ORDER BY kiosk_id',
      ),
      kioskSetEnabled: db.prepare('UPDATE kiosks SET enabled = ? WHERE kiosk_id = ?'),
      kioskUpdate: db.prepare('UPDATE kiosks SET enabled = ?, body = ? WHERE kiosk_id = ?'),
      // Listed in the order they were added (rowid), so that the admin sees the list as set.
      operatorList: db.prepare<[string], { individual_id: string }>(
        'SELECT individual_id FROM kiosk_operators WHERE kiosk_id = ? ORDER BY rowid',
      ),
      operatorInsert: db.prepare('INSERT OR IGNORE INTO kiosk_operators (kiosk_id, individual_id) VALUES (?, ?)'),
      operatorDelete: db.prepare('DELETE FROM kiosk_operators WHERE kiosk_id = ? AND individual_id = ?'),
      operatorDeleteAll: db.prepare('DELETE FROM kiosk_operators WHERE kiosk_id = ?'),
    };
    const parseClient = (body: string): Client => ClientSchema.parse(JSON.parse(body));
    // Every token, userinfo and transaction request reads its client; parsing and validating the
    // row each time was ~9 % of the token endpoint's CPU. Writes here drop the entry; the short
    // lifetime bounds staleness should another process share the file.
    const CLIENT_CACHE_MS = 5_000;
    const clientCache = new Map<string, { client: Client | undefined; until: number }>();

    this.clients = {
      async create(client) {
        clientCache.delete(client.clientId);
        try {
          stmt.clientInsert.run(client.clientId, JSON.stringify(client));
        } catch (e) {
          if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
            throw new DuplicateClientError(client.clientId);
          throw e;
        }
      },
      async get(clientId) {
        const cached = clientCache.get(clientId);
        if (cached && cached.until > Date.now()) return cached.client;
        const row = stmt.clientGet.get(clientId);
        const client = row ? parseClient(row.body) : undefined;
        if (clientCache.size > 10_000) clientCache.clear();
        clientCache.set(clientId, { client, until: Date.now() + CLIENT_CACHE_MS });
        return client;
      },
      async list() {
        return stmt.clientList.all().map((r) => parseClient(r.body));
      },
      async update(client) {
        clientCache.delete(client.clientId);
        stmt.clientUpdate.run(JSON.stringify(client), client.clientId);
      },
      async delete(clientId) {
        clientCache.delete(clientId);
        return stmt.clientDelete.run(clientId).changes > 0;
      },
    };
    this.consents = {
      async get(clientId, subject) {
        const row = stmt.consentGet.get(clientId, subject);
        return row ? (JSON.parse(row.body) as Consent) : undefined;
      },
      async put(consent) {
        stmt.consentPut.run(consent.clientId, consent.subject, JSON.stringify(consent));
      },
    };
    this.keys = {
      async list() {
        return stmt.keyList.all().map((r) => JSON.parse(r.body) as StoredKey);
      },
      async insert(key) {
        stmt.keyInsert.run(key.kid, JSON.stringify(key));
      },
      async retire(kid, retiredAt, publishUntil) {
        const row = stmt.keyGet.get(kid);
        if (!row) return;
        const key = JSON.parse(row.body) as StoredKey;
        stmt.keyUpdate.run(JSON.stringify({ ...key, status: 'retired', retiredAt, publishUntil }), kid);
      },
      async delete(kid) {
        stmt.keyDelete.run(kid);
      },
    };
    this.trustedCas = {
      async list() {
        return stmt.caList.all().map((r) => ({
          kind: r.kind,
          env: r.env,
          fingerprint: r.fingerprint,
          pem: r.pem,
          addedAt: r.added_at,
          deviceBinding: r.device_binding,
          deviceProvider: r.device_provider,
        }));
      },
      async insert(ca) {
        return (
          stmt.caInsert.run(ca.kind, ca.env, ca.fingerprint, ca.pem, ca.addedAt, ca.deviceBinding, ca.deviceProvider)
            .changes > 0
        );
      },
      async delete(kind, env, fingerprint) {
        return stmt.caDelete.run(kind, env, fingerprint).changes > 0;
      },
    };
    this.registeredDevices = {
      async list() {
        return stmt.deviceList.all().map((r) => ({
          deviceProvider: r.device_provider,
          serialNo: r.serial_no,
          type: r.type,
          certificateSha256: r.certificate_sha256,
          spkiSha256: r.spki_sha256,
          addedAt: r.added_at,
        }));
      },
      async insert(d) {
        return (
          stmt.deviceInsert.run(d.deviceProvider, d.serialNo, d.type, d.certificateSha256, d.spkiSha256, d.addedAt)
            .changes > 0
        );
      },
      async delete(deviceProvider, serialNo) {
        return stmt.deviceDelete.run(deviceProvider, serialNo).changes > 0;
      },
    };
    const readKiosk = (kioskId: string, row: { enabled: number; body: string }): Kiosk =>
      KioskSchema.parse({
        ...(JSON.parse(row.body) as KioskBody),
        enabled: row.enabled === 1,
        operators: stmt.operatorList.all(kioskId).map((r) => r.individual_id),
      });
    const kioskExists = (kioskId: string): boolean => stmt.kioskGet.get(kioskId) !== undefined;
    // The kiosk first: re-registering a kiosk id is a duplicate kiosk, though its client id is taken too.
    const createKiosk = db.transaction((kiosk: Kiosk, client: Client) => {
      const { enabled, operators, ...body } = kiosk;
      try {
        stmt.kioskInsert.run(kiosk.kioskId, enabled ? 1 : 0, JSON.stringify(body satisfies KioskBody));
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
          throw new DuplicateKioskError(kiosk.kioskId);
        throw e;
      }
      try {
        stmt.clientInsert.run(client.clientId, JSON.stringify(client));
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
          throw new DuplicateClientError(client.clientId);
        throw e;
      }
      for (const individualId of operators) stmt.operatorInsert.run(kiosk.kioskId, individualId);
    });
    const updateKiosk = db.transaction((kiosk: Kiosk, client: Client): boolean => {
      const { enabled, operators, ...body } = kiosk;
      if (stmt.kioskUpdate.run(enabled ? 1 : 0, JSON.stringify(body satisfies KioskBody), kiosk.kioskId).changes === 0)
        return false;
      stmt.clientUpdate.run(JSON.stringify(client), client.clientId);
      stmt.operatorDeleteAll.run(kiosk.kioskId);
      for (const individualId of operators) stmt.operatorInsert.run(kiosk.kioskId, individualId);
      return true;
    });
    // A disabled kiosk's client is INACTIVE too, so that it cannot even sign an operator in.
    const setKioskEnabled = db.transaction((kioskId: string, enabled: boolean): boolean => {
      const row = stmt.kioskGet.get(kioskId);
      if (!row) return false;
      stmt.kioskSetEnabled.run(enabled ? 1 : 0, kioskId);
      const { clientId } = JSON.parse(row.body) as KioskBody;
      const clientRow = stmt.clientGet.get(clientId);
      if (clientRow) {
        const client = parseClient(clientRow.body);
        const status = enabled ? 'ACTIVE' : 'INACTIVE';
        if (client.status !== status)
          stmt.clientUpdate.run(JSON.stringify({ ...client, status, updatedAt: new Date().toISOString() }), clientId);
        clientCache.delete(clientId);
      }
      return true;
    });
    const setKioskOperators = db.transaction((kioskId: string, individualIds: string[]): boolean => {
      if (!kioskExists(kioskId)) return false;
      stmt.operatorDeleteAll.run(kioskId);
      for (const individualId of individualIds) stmt.operatorInsert.run(kioskId, individualId);
      return true;
    });
    const addKioskOperator = db.transaction((kioskId: string, individualId: string): boolean => {
      if (!kioskExists(kioskId)) return false;
      stmt.operatorInsert.run(kioskId, individualId);
      return true;
    });
    this.kiosks = {
      async create(kiosk, client) {
        clientCache.delete(client.clientId);
        createKiosk(kiosk, client);
      },
      async update(kiosk, client) {
        clientCache.delete(client.clientId);
        return updateKiosk(kiosk, client);
      },
      async get(kioskId) {
        const row = stmt.kioskGet.get(kioskId);
        return row ? readKiosk(kioskId, row) : undefined;
      },
      async list() {
        return stmt.kioskList.all().map((r) => readKiosk(r.kiosk_id, r));
      },
      async setEnabled(kioskId, enabled) {
        return setKioskEnabled(kioskId, enabled);
      },
      async setOperators(kioskId, individualIds) {
        return setKioskOperators(kioskId, individualIds);
      },
      async addOperator(kioskId, individualId) {
        return addKioskOperator(kioskId, individualId);
      },
      async removeOperator(kioskId, individualId) {
        return stmt.operatorDelete.run(kioskId, individualId).changes > 0;
      },
    };
    this.settings = {
      async get(name) {
        return stmt.settingGet.get(name)?.value;
      },
      async putIfAbsent(name, value) {
        stmt.settingInsert.run(name, value);
        return stmt.settingGet.get(name)!.value;
      },
    };
  }

  readonly clients: Registry['clients'];
  readonly consents: Registry['consents'];
  readonly keys: Registry['keys'];
  readonly settings: Registry['settings'];
  readonly trustedCas: Registry['trustedCas'];
  readonly registeredDevices: Registry['registeredDevices'];
  readonly kiosks: Registry['kiosks'];

  async close(): Promise<void> {
    this.db.close();
  }
}

export type { StoredKey };
