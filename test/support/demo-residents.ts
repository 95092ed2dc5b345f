// Demo residents of the reference ID system used by the cross-part tests, read from its seed file
// so the tests follow the data the server really holds.
import { readFileSync } from 'node:fs';
import { DEFAULT_SEED_FILE } from '@signet-kiosk/server/testing';

interface SeedResident {
  individualId: string;
  pin: string;
  password: string;
  fullName: { language: string; value: string }[];
  preferredLang: string;
}

const seed = JSON.parse(readFileSync(DEFAULT_SEED_FILE, 'utf8')) as SeedResident[];

/** A demo resident of the seed file, with the English form of their name. */
export function demoResident(individualId: string) {
  const r = seed.find((s) => s.individualId === individualId);
  if (!r) throw new Error(`demo resident ${individualId} is not in the seed file`);
  return {
    individualId,
    pin: r.pin,
    password: r.password,
    nameEng: r.fullName.find((n) => n.language === 'eng')!.value,
    /** Every language's form of the name (the ID system answers `name` in the resident's own language). */
    names: r.fullName.map((n) => n.value),
    preferredLang: r.preferredLang,
  };
}

export const DEMO_RESIDENTS = {
  /** Dara Lim: prefers English. */
  pin: demoResident('2804195602'),
  /** Sokha Chan: prefers Khmer. */
  khmer: demoResident('2804195601'),
};
