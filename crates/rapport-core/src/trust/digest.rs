//! A fingerprint of a ledger's state, to check that replay rebuilds it
//! bit for bit.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

use super::ledger::TrustLedger;

impl<P: Copy + Eq + Hash> TrustLedger<P> {
    /// A digest of every stored bit (pairs, outcome records, delivery rate),
    /// independent of hash-map order: two ledgers with equal digests hold
    /// the same state bit for bit (up to hash collisions). Used to check
    /// that a replay rebuilds exactly what one-by-one application built.
    pub fn digest(&self) -> u64 {
        let one = |f: &dyn Fn(&mut FxHasher)| {
            let mut h = FxHasher::default();
            f(&mut h);
            // Spread the bits so that the wrapping sum below mixes well.
            h.finish()
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                .rotate_left(29)
        };
        let mut acc = one(&|h| {
            h.write_u64(self.rate.delivered.to_bits());
            h.write_u64(self.rate.outcomes.to_bits());
            h.write_u32(self.rate.at);
            h.write_u32(self.rate.count);
        });
        for (key, st) in &self.pairs {
            acc = acc.wrapping_add(one(&|h| {
                key.hash(h);
                for x in [st.r, st.s, st.reliance] {
                    h.write_u32(x.to_bits());
                }
                for t in [st.last, st.prev, st.last_miss] {
                    h.write_u32(t);
                }
            }));
        }
        for (d, rec) in &self.records {
            acc = acc.wrapping_add(one(&|h| {
                d.hash(h);
                rec.from.hash(h);
                rec.to.hash(h);
                for x in [rec.r_added, rec.s_added, rec.credit] {
                    h.write_u32(x.to_bits());
                }
                h.write_u32(rec.at);
                h.write_u32(rec.prev_miss);
                h.write_u8(u8::from(rec.was_miss));
            }));
        }
        acc
    }
}
