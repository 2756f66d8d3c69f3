// The postal address of an account: the sender of its mail. The state is a USPS two-letter code and
// the ZIP code must be well-formed and lie in that state, judged by the 3-digit prefix ranges of the
// zone model (src/rates/zip-areas.ts), whose area names start with the state or APO/FPO code.
import { parseZip } from '../core/zip.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { ZIP_AREAS, zipAreaOf, type ZipArea } from '../rates/zip-areas.js';

/** A validated postal address. */
export interface PostalAddress {
  readonly name: string;
  readonly street: string;
  readonly city: string;
  /** USPS two-letter code, upper case. */
  readonly state: string;
  readonly zip5: string;
  /** The +4 part, or null when not given. */
  readonly zip4: string | null;
}

/** An address as a user sends it. */
export interface AddressInput {
  readonly name: string;
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
}

/** The 50 states and DC. */
const STATES = 'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC';
/** Every USPS code accepted: states, DC, the territories and the military codes. */
export const USPS_STATE_CODES: ReadonlySet<string> = new Set([...STATES.split(' '), 'PR', 'VI', 'GU', 'AS', 'MP', 'AA', 'AE', 'AP']);

const FIELD_LIMITS = { name: 100, street: 200, city: 100 } as const;

/** The USPS codes an area of the zone model belongs to: "MA west" → [MA], "GU, MP, AS and …" → [GU, MP, AS], "APO/FPO AE …" → [AE]. */
export function statesOfArea(area: ZipArea): string[] {
  const military = /^APO\/FPO ([A-Z]{2})\b/.exec(area.name);
  if (military) return [military[1]!];
  const codes: string[] = [];
  for (const word of area.name.split(' ')) {
    const m = /^([A-Z]{2}),?$/.exec(word);
    if (m === null) break;
    codes.push(m[1]!);
  }
  return codes;
}

// Computed once: the states of each area, by the area.
const AREA_STATES = new Map(ZIP_AREAS.map((area) => [area, statesOfArea(area)] as const));

/** The USPS codes a ZIP code's 3-digit prefix belongs to; empty when no area has the prefix. */
export function statesOfZip(zip5: string): string[] {
  const area = zipAreaOf(Number(zip5.slice(0, 3)));
  return area === undefined ? [] : (AREA_STATES.get(area) ?? []);
}

function field(input: AddressInput, name: keyof typeof FIELD_LIMITS): string {
  const raw = input[name];
  const value = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
  if (value === '' || value.length > FIELD_LIMITS[name]) {
    throw new AppError('ADDRESS_FIELD_INVALID', `The address ${name} must be 1 to ${FIELD_LIMITS[name]} characters`, { field: name, maxLength: FIELD_LIMITS[name] });
  }
  return value;
}

/**
 * Checks and normalises an address (ADDRESS_FIELD_INVALID, ADDRESS_STATE_UNKNOWN, ZIP_INVALID,
 * ADDRESS_ZIP_UNKNOWN, ADDRESS_ZIP_STATE_MISMATCH); fields are trimmed and the state upper-cased.
 */
export function validateAddress(input: AddressInput): PostalAddress {
  const name = field(input, 'name');
  const street = field(input, 'street');
  const city = field(input, 'city');
  const state = typeof input.state === 'string' ? input.state.trim().toUpperCase() : '';
  if (!USPS_STATE_CODES.has(state)) {
    throw new AppError('ADDRESS_STATE_UNKNOWN', `${JSON.stringify(input.state)} is not a USPS state, territory or military code`, { field: 'state', value: String(input.state) });
  }
  let packed: number;
  try {
    packed = parseZip(input.zip);
  } catch (err) {
    if (isAppError(err, 'ZIP_INVALID')) throw new AppError('ZIP_INVALID', err.message.split('. ')[0], { field: 'zip', value: String(input.zip) });
    throw err;
  }
  const zip5 = String(Math.floor(packed / 10_000)).padStart(5, '0');
  const plus4 = packed % 10_000;
  const zipStates = statesOfZip(zip5);
  if (zipStates.length === 0) throw new AppError('ADDRESS_ZIP_UNKNOWN', `No state uses ZIP codes starting ${zip5.slice(0, 3)}`, { field: 'zip', zip: zip5 });
  if (!zipStates.includes(state)) {
    throw new AppError('ADDRESS_ZIP_STATE_MISMATCH', `ZIP ${zip5} is in ${zipStates.join(', ')}, not ${state}`, { field: 'zip', zip: zip5, state, zipStates });
  }
  return { name, street, city, state, zip5, zip4: plus4 === 0 ? null : String(plus4).padStart(4, '0') };
}

/** The address as the API shows it: the ZIP as "94107" or "94107-0001". */
export function addressJson(a: PostalAddress): { name: string; street: string; city: string; state: string; zip: string } {
  return { name: a.name, street: a.street, city: a.city, state: a.state, zip: a.zip4 === null ? a.zip5 : `${a.zip5}-${a.zip4}` };
}
