/**
 * MIT-BIH record lists. DS1/DS2 are the inter-patient halves of de Chazal et al. (2004); the paced
 * records are readable but AAMI EC57 excludes them from every evaluation set.
 */
// prettier-ignore
export const DS1_RECORDS = [
  '101', '106', '108', '109', '112', '114', '115', '116', '118', '119', '122',
  '124', '201', '203', '205', '207', '208', '209', '215', '220', '223', '230',
] as const;

// prettier-ignore
export const DS2_RECORDS = [
  '100', '103', '105', '111', '113', '117', '121', '123', '200', '202', '210',
  '212', '213', '214', '219', '221', '222', '228', '231', '232', '233', '234',
] as const;

export const PACED_RECORDS = ['102', '104', '107', '217'] as const;

export function isPacedRecord(name: string): boolean {
  return (PACED_RECORDS as readonly string[]).includes(name);
}
