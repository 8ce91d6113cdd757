/** dtc's `is_multiple_of`: a divisor of 0 only divides 0. */
export function isMultipleOf(value: number, divisor: number): boolean {
  return divisor === 0 ? value === 0 : value % divisor === 0;
}
