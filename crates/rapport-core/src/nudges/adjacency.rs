//! Each person's pairs, so that one person's nudges never scan all pairs.
//!
//! Two parts. The pairs that existed at the last lay-out are listed
//! contiguously per person (CSR: one offsets array, one array of slots), so
//! reading a person's partners walks one run of memory. The pairs created
//! since are linked per person (each person's newest pair, each pair's next
//! one for each of its ends): creating a pair during a replay then costs a
//! write to one small per-person array and an append, instead of a push onto
//! two of 100,000 growing vectors, each a cache miss and now and then a
//! reallocation.

use super::facts::PairFacts;

/// No pair: the end of a linked list.
const NONE: u32 = u32::MAX;

/// A pair created since the last lay-out: its two people and, for each,
/// their previous pair (linked newest first).
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Link {
    ends: [u32; 2],
    next: [u32; 2],
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Adjacency {
    /// Person `i`'s laid-out slots are `listed[offsets[i]..offsets[i + 1]]`;
    /// people added since the lay-out have none.
    offsets: Vec<u32>,
    listed: Vec<u32>,
    /// Pairs `0..laid_out` are in `listed`, the rest in `links`.
    laid_out: u32,
    /// Per person: their newest pair created since the lay-out, or [`NONE`].
    newest: Vec<u32>,
    /// Per pair from `laid_out` on, in slot order.
    links: Vec<Link>,
    /// Per person: their number of pairs, listed or linked.
    degree: Vec<u32>,
}

impl Adjacency {
    /// Makes room for a new person, with no pairs yet.
    pub fn add_person(&mut self) {
        self.newest.push(NONE);
        self.degree.push(0);
    }

    /// Links the new pair `slot` (the next one after all known pairs) to
    /// its two people.
    pub fn add_pair(&mut self, slot: u32, ends: [u32; 2]) {
        debug_assert_eq!((slot - self.laid_out) as usize, self.links.len());
        let next = ends.map(|e| std::mem::replace(&mut self.newest[e as usize], slot));
        self.links.push(Link { ends, next });
        for e in ends {
            self.degree[e as usize] += 1;
        }
    }

    /// Pairs created since the last lay-out.
    pub fn linked(&self) -> usize {
        self.links.len()
    }

    /// Pairs listed at the last lay-out.
    pub fn laid_out(&self) -> usize {
        self.laid_out as usize
    }

    /// Number of pairs of `person`.
    pub fn degree(&self, person: u32) -> usize {
        self.degree[person as usize] as usize
    }

    /// The slots of `person`'s pairs: the laid-out ones in slot order, then
    /// the newer ones, newest first.
    pub fn slots(&self, person: u32) -> impl Iterator<Item = u32> + '_ {
        let p = person as usize;
        let listed = match self.offsets.get(p..p + 2) {
            Some(&[from, to]) => &self.listed[from as usize..to as usize],
            _ => &[][..],
        };
        let newest = self.newest.get(p).copied().unwrap_or(NONE);
        let links = std::iter::successors((newest != NONE).then_some(newest), move |&slot| {
            let link = &self.links[(slot - self.laid_out) as usize];
            let mine = usize::from(link.ends[0] != person);
            (link.next[mine] != NONE).then_some(link.next[mine])
        });
        listed.iter().copied().chain(links)
    }

    /// Lists all of `pairs` contiguously per person, in slot order, and
    /// empties the links. The caller has just renumbered the slots.
    pub fn lay_out(&mut self, pairs: &[PairFacts]) {
        self.offsets.clear();
        self.offsets.reserve(self.degree.len() + 1);
        let mut total = 0u32;
        self.offsets.push(0);
        for &d in &self.degree {
            total += d;
            self.offsets.push(total);
        }
        let mut cursor = self.offsets.clone();
        self.listed.clear();
        self.listed.resize(total as usize, 0);
        for (slot, pf) in pairs.iter().enumerate() {
            for e in pf.ends {
                let at = &mut cursor[e as usize];
                self.listed[*at as usize] = slot as u32;
                *at += 1;
            }
        }
        self.laid_out = pairs.len() as u32;
        self.links.clear();
        self.newest.fill(NONE);
    }
}
