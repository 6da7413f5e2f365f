//! Arithmetic modulo the Mersenne prime 2⁶¹ − 1: exact for the small
//! integer sums suppression works with, and fast (no 128-bit division).

pub(super) const P: u64 = (1 << 61) - 1;

/// `a · b mod P` for `a, b < P`. P is a Mersenne prime: 2⁶¹ ≡ 1, so the
/// product's high bits fold onto its low ones with an add instead of a
/// 128-bit division (which was a sixth of the time of `bench insights`).
pub(super) fn mul(a: u64, b: u64) -> u64 {
    let x = u128::from(a) * u128::from(b);
    let folded = (x as u64 & P) + (x >> 61) as u64;
    let once = if folded >= P { folded - P } else { folded };
    if once >= P { once - P } else { once }
}

pub(super) fn sub(a: u64, b: u64) -> u64 {
    if a >= b { a - b } else { a + P - b }
}

fn pow(mut b: u64, mut e: u64) -> u64 {
    let mut r = 1;
    while e > 0 {
        if e & 1 == 1 {
            r = mul(r, b);
        }
        b = mul(b, b);
        e >>= 1;
    }
    r
}

pub(super) fn inv(a: u64) -> u64 {
    pow(a, P - 2)
}

pub(super) fn add(a: u64, b: u64) -> u64 {
    let s = a + b;
    if s >= P { s - P } else { s }
}

/// A small signed integer as a field element.
pub(super) fn of(x: i64) -> u64 {
    let r = x.rem_euclid(P as i64) as u64;
    r % P
}
