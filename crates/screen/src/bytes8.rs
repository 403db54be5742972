//! Tests of eight bytes at once in a `u64`, for the scans that read the
//! matching form in bulk (word cuts, accent tallies, word counts).
//!
//! Each test sets the top bit of every byte that passes and no other bit,
//! exactly: no sum carries from one byte into the next.

/// 0x01 in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `chunk` equal to `byte`.
#[inline(always)]
pub(crate) fn equal(chunk: u64, byte: u8) -> u64 {
    let x = chunk ^ (ONES * u64::from(byte));
    // A byte is zero when neither its low seven bits plus 0x7F nor its
    // own high bit sets the high bit.
    !(((x & !HIGH) + !HIGH) | x) & HIGH
}

/// The high bit of each byte of `low` (high bits clear) in `lo..=hi`,
/// both below 0x80.
#[inline(always)]
pub(crate) fn in_range(low: u64, lo: u8, hi: u8) -> u64 {
    // Each sum stays below 0x100 in every byte.
    let at_least = low + ONES * u64::from(0x80 - lo);
    let above = low + ONES * u64::from(0x7F - hi);
    at_least & !above & HIGH
}

/// The high bit of each byte of `chunk` that is an ASCII letter, either
/// case.
#[inline(always)]
pub(crate) fn ascii_letters(chunk: u64) -> u64 {
    in_range((chunk | (ONES * 0x20)) & !HIGH, b'a', b'z') & !(chunk & HIGH)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Each test answers, byte by byte, what the byte's own test does.
        #[test]
        fn agrees_with_each_byte(bytes in proptest::array::uniform8(0u8..=255), b in 0u8..=255, lo in 0u8..0x80, len in 0u8..0x80) {
            let hi = lo.saturating_add(len).min(0x7F);
            let x = u64::from_le_bytes(bytes);
            let low = x & !HIGH;
            for (k, &c) in bytes.iter().enumerate() {
                let bit = |m: u64| (m >> (8 * k)) & 0xFF;
                proptest::prop_assert_eq!(bit(equal(x, b)), if c == b { 0x80 } else { 0 });
                let l = c & 0x7F;
                proptest::prop_assert_eq!(bit(in_range(low, lo, hi)), if (lo..=hi).contains(&l) { 0x80 } else { 0 });
                proptest::prop_assert_eq!(bit(ascii_letters(x)), if c.is_ascii_alphabetic() { 0x80 } else { 0 });
            }
        }
    }
}
