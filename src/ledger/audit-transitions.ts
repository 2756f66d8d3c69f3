// What each kind of audit entry may do to the registers, so that the audit can replay a chain from
// zero and name an entry whose registers do not follow from its predecessor's. Pure.
import type { AuditEntryBody } from './audit-chain.js';
import type { Registers } from './registers.js';

/**
 * Why `entry` cannot follow registers `prev`, or undefined when it can: a debit of p moves
 * AR += p, DR −= p, count += 1; a reset of a moves DR += a, CT += a; an inspection changes nothing;
 * a withdrawal changes nothing and names the DR handed back.
 */
export function expectedTransition(prev: Registers, entry: AuditEntryBody): string | undefined {
  const a = entry.amount;
  const next = entry.registers;
  let expected: Registers;
  switch (entry.kind) {
    case 'debit':
      if (a <= 0n) return `a debit of ${a} mills`;
      expected = { ascending: prev.ascending + a, descending: prev.descending - a, control: prev.control, pieceCount: prev.pieceCount + 1 };
      break;
    case 'reset':
      if (a <= 0n) return `a reset of ${a} mills`;
      expected = { ...prev, descending: prev.descending + a, control: prev.control + a };
      break;
    case 'inspection':
      expected = prev;
      break;
    case 'withdrawal':
      if (a !== prev.descending) return `a withdrawal naming ${a} mills while DR held ${prev.descending}`;
      expected = prev;
      break;
    default:
      return `an entry of unknown kind ${String(entry.kind)}`;
  }
  const same =
    next.ascending === expected.ascending &&
    next.descending === expected.descending &&
    next.control === expected.control &&
    next.pieceCount === expected.pieceCount;
  return same
    ? undefined
    : `a ${entry.kind} of ${a} mills after AR ${prev.ascending}, DR ${prev.descending}, CT ${prev.control}, count ${prev.pieceCount} ` +
        `should leave AR ${expected.ascending}, DR ${expected.descending}, CT ${expected.control}, count ${expected.pieceCount}, ` +
        `not AR ${next.ascending}, DR ${next.descending}, CT ${next.control}, count ${next.pieceCount}`;
}
